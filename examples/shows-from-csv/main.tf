# Shows kept the way an operations team keeps them: one row each in a
# spreadsheet exported as CSV (shows.csv). Each tier names a program; a row
# picks one. Adding a show is a one-line pull request.
terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}

locals {
  rows = { for r in csvdecode(file("${path.module}/shows.csv")) : r.key => r }

  everyday = { web = 4, api = 2 }

  # The programs, by tier: lead, phases and end.
  tiers = {
    stadium = {
      lead = "10m"
      end  = "+3h"
      phases = [
        { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
        { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
        { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
      ]
    }
    arena = {
      lead = "10m"
      end  = "+2h"
      phases = [
        { name = "warm", start = "-30m", capacity = { web = 20, api = 10 } },
        { name = "peak", start = "-5m", capacity = { web = 60, api = 30 } },
      ]
    }
    theatre = {
      lead = "5m"
      end  = "+1h"
      phases = [
        { name = "peak", start = "-5m", capacity = { web = 12, api = 6 } },
      ]
    }
  }
}

resource "hotshow_show" "from_csv" {
  for_each = local.rows

  name       = each.value.name
  on_sale_at = each.value.on_sale_at
  time_zone  = each.value.time_zone
  approved   = tobool(each.value.approved)
  lead       = local.tiers[each.value.tier].lead
  baseline   = local.everyday
  phases     = local.tiers[each.value.tier].phases
  end        = local.tiers[each.value.tier].end
}

data "hotshow_capacity" "fleet" {
  shows   = [for s in hotshow_show.from_csv : s.schedule]
  floor   = local.everyday
  ceiling = { web = 200, api = 100 }
}

resource "terraform_data" "web_min_size" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}

resource "terraform_data" "api_min_capacity" {
  input = data.hotshow_capacity.fleet.capacity["api"]
}

output "capacity" {
  value = data.hotshow_capacity.fleet.capacity
}

output "phases" {
  value = data.hotshow_capacity.fleet.phases
}

output "on_sale_utc" {
  value = { for k, s in hotshow_show.from_csv : k => s.on_sale_at_utc }
}
