# Shows requested and approved in Jira, procured without a pull request per
# show. IT describes here *how* each kind of show is procured (its profile:
# phases relative to the on-sale, lead, peak sized from the expected
# demand); the business says *which* shows, and when, through the calendar
# the orchestrator's intake writes (docs/guides/calendar.md). Each request
# is one hotshow_show, created, moved and destroyed by the orchestrator's
# calendar runs (policy show_changes = "calendar"); capacity follows at each
# transition as for any show.
#
# Capacity targets are terraform_data stand-ins here, as in
# examples/stacks/local: wire local.capacity into your ASGs, services and
# tables the way examples/stacks/ticketing does.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}

variable "calendar_table" {
  description = "The DynamoDB table the intake writes show requests to."
  type        = string
  default     = "hotshow-calendar"
}

variable "region" {
  type    = string
  default = "ap-southeast-2"
}

variable "calendar_endpoint" {
  description = "A DynamoDB-compatible endpoint (tests); null for AWS's."
  type        = string
  default     = null
}

locals {
  # Everyday capacity: what the platform runs outside any show.
  everyday = { web = 4, api = 2 }

  # How each kind of show is procured. A request names one by its key.
  profiles = {
    stadium = {
      lead       = "10m"
      warm_start = "-60m"
      warm       = { web = 40, api = 10 }
      peak_start = "-5m"
      tail_start = "+90m"
      tail       = { web = 12, api = 6 }
      end        = "+3h"
    }
    arena = {
      lead       = "5m"
      warm_start = "-30m"
      warm       = { web = 20, api = 6 }
      peak_start = "-5m"
      tail_start = "+30m"
      tail       = { web = 8, api = 4 }
      end        = "+2h"
    }
  }
}

# Which shows: every valid request that is not cancelled, keyed by its
# ticket. Invalid rows are listed apart (invalid) and never block the others.
data "hotshow_calendar" "requests" {
  dynamodb = {
    table    = var.calendar_table
    region   = var.region
    endpoint = var.calendar_endpoint
  }
  profiles = keys(local.profiles)
}

# The peak of each request, sized from the fans it expects in the on-sale's
# first minute.
data "hotshow_sizing" "peak" {
  for_each       = data.hotshow_calendar.requests.requests
  peak_arrivals  = each.value.expected_demand
  arrival_window = "1m"
  units = {
    web = { per_unit_rps = 150, headroom = 0.3, min = 4, max = 400 }
    api = { per_unit_rps = 400, headroom = 0.3, min = 2, max = 200 }
  }
}

resource "hotshow_show" "request" {
  for_each   = data.hotshow_calendar.requests.requests
  name       = "${each.value.name} (${each.key})"
  on_sale_at = each.value.on_sale_at
  time_zone  = each.value.time_zone
  approved   = each.value.approved
  lead       = local.profiles[each.value.profile].lead
  baseline   = local.everyday
  phases = [
    { name = "warm", start = local.profiles[each.value.profile].warm_start, capacity = local.profiles[each.value.profile].warm },
    { name = "peak", start = local.profiles[each.value.profile].peak_start, capacity = data.hotshow_sizing.peak[each.key].capacity },
    { name = "tail", start = local.profiles[each.value.profile].tail_start, capacity = local.profiles[each.value.profile].tail },
  ]
  end = local.profiles[each.value.profile].end
}

# All requested shows feed one platform; with none, it runs everyday
# capacity.
data "hotshow_capacity" "platform" {
  shows   = [for s in hotshow_show.request : s.schedule]
  combine = "max"
  floor   = local.everyday
  ceiling = { web = 200, api = 100 }
}

locals {
  capacity = data.hotshow_capacity.platform.capacity
}

resource "terraform_data" "web" {
  input = local.capacity["web"]
}

resource "terraform_data" "api" {
  input = local.capacity["api"]
}

output "capacity" {
  value = { web = terraform_data.web.output, api = terraform_data.api.output }
}

output "invalid_requests" {
  description = "Requests left out, by ticket, with the reason."
  value       = data.hotshow_calendar.requests.invalid
}
