resource "hotshow_show" "sydney" {
  name       = "Sydney N1"
  on_sale_at = "2026-12-01T09:00:00"
  time_zone  = "Australia/Sydney"
  lead       = "10m"
  baseline   = { web = 2, api = 2 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
  ]
  end = "+2h"
}

resource "hotshow_show" "brisbane" {
  name       = "Brisbane N1"
  on_sale_at = "2026-12-01T08:30:00" # 09:30 in Sydney: Queensland keeps no daylight saving
  time_zone  = "Australia/Brisbane"
  phases     = [{ name = "peak", start = "0s", capacity = { web = 90, api = 30 } }]
  end        = "+1h"
}

# Both shows feed one fleet: per dimension the larger need wins, never less
# than 2 web instances and never more than 150.
data "hotshow_capacity" "fleet" {
  shows   = [hotshow_show.sydney.schedule, hotshow_show.brisbane.schedule]
  combine = "max"
  floor   = { web = 2 }
  ceiling = { web = 150 }
  # as_of = "2026-12-01T08:30:00+11:00" # else HOTSHOW_AS_OF, else now
}

# Wire the numbers into ordinary resources, such as
#   resource "aws_autoscaling_group" "web" {
#     desired_capacity = data.hotshow_capacity.fleet.capacity["web"]
#   }
resource "terraform_data" "web_desired_capacity" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}

output "fleet" {
  value = {
    capacity           = data.hotshow_capacity.fleet.capacity
    phases             = data.hotshow_capacity.fleet.phases
    next_transition_at = data.hotshow_capacity.fleet.next_transition_at
    capped             = data.hotshow_capacity.fleet.capped
  }
}
