# The show of the docs' worked example, feeding two capacity settings.
# `make demo` applies it at several HOTSHOW_AS_OF instants.
terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}

provider "hotshow" {
  time_zone = "Australia/Sydney"
}

resource "hotshow_show" "eras_sydney" {
  name       = "Eras Tour — Sydney N1"
  on_sale_at = "2026-12-01T09:00:00"
  lead       = "10m"
  baseline   = { web = 2, api = 2 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
    { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
  ]
  end = "+3h"
}

data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.eras_sydney.schedule]
  floor = { web = 2 }
}

# Stand-ins for aws_autoscaling_group.desired_capacity and
# aws_ecs_service.desired_count.
resource "terraform_data" "web_desired_capacity" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}

resource "terraform_data" "api_desired_count" {
  input = data.hotshow_capacity.fleet.capacity["api"]
}

output "applied" {
  value = {
    web                = terraform_data.web_desired_capacity.output
    api                = terraform_data.api_desired_count.output
    phase              = data.hotshow_capacity.fleet.phases["Eras Tour — Sydney N1"]
    evaluated_at       = data.hotshow_capacity.fleet.evaluated_at
    next_transition_at = data.hotshow_capacity.fleet.next_transition_at
  }
}
