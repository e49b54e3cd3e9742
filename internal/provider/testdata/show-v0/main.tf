terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}

resource "hotshow_show" "eras" {
  name       = "Eras Tour — Sydney N1"
  on_sale_at = "2026-12-01T09:00:00"
  time_zone  = "Australia/Sydney"
  lead       = "10m"
  baseline   = { web = 2, api = 2 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
    { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
  ]
  end = "+3h"
}

# Unapproved, no baseline: an empty list of steps and a baseline of zeros.
resource "hotshow_show" "msg" {
  name       = "MSG"
  on_sale_at = "2027-03-14T10:00:00"
  time_zone  = "America/New_York"
  phases     = [{ name = "peak", start = "0s", capacity = { web = 8 } }]
  end        = "+1h"
  approved   = false
}

data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.eras.schedule, hotshow_show.msg.schedule]
  as_of = "2026-12-01T08:57:00+11:00"
}

output "web" {
  value = data.hotshow_capacity.fleet.capacity["web"]
}
