# The shows this stack runs, by profile: what one unit of each tier serves
# and how long the show lasts. The calendar's requests name a profile.
locals {
  profiles = {
    arena = {
      units = { web = { per_unit_rps = 150, headroom = 0.3, min = 2 } }
      end   = "+1h"
    }
    stadium = {
      units = {
        web = { per_unit_rps = 150, headroom = 0.3, min = 2 }
        api = { per_unit_rps = 400, headroom = 0.3, min = 2 }
      }
      end = "+2h"
    }
  }
}

# Shows asked for in Jira, one request per ticket, as the orchestrator's
# intake writes them. A request that is not valid is left out and listed in
# invalid; it never fails the plan.
data "hotshow_calendar" "requests" {
  file = "${path.module}/calendar.json"
  # url      = "https://calendar.example.com/shows.json"
  # dynamodb = { table = "hotshow-calendar", region = "ap-southeast-2" }
  profiles = keys(local.profiles)
}

# Each show's peak, sized from the fans it expects in the first minute.
data "hotshow_sizing" "peak" {
  for_each       = data.hotshow_calendar.requests.requests
  peak_arrivals  = each.value.expected_demand
  arrival_window = "1m"
  units          = local.profiles[each.value.profile].units
}

# One show per request, addressed by its ticket: hotshow_show.requested["TIX-123"].
resource "hotshow_show" "requested" {
  for_each   = data.hotshow_calendar.requests.requests
  name       = each.value.name
  on_sale_at = each.value.on_sale_at
  time_zone  = each.value.time_zone
  approved   = each.value.approved
  lead       = "10m"
  phases = [
    { name = "warm", start = "-60m", capacity = { for k, v in data.hotshow_sizing.peak[each.key].capacity : k => ceil(v / 3) } },
    { name = "peak", start = "-5m", capacity = data.hotshow_sizing.peak[each.key].capacity },
  ]
  end = local.profiles[each.value.profile].end
}

# Requests left out, and why: answer them on their tickets.
output "left_out" {
  value = data.hotshow_calendar.requests.invalid
}
