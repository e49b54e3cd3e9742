package main

import (
	"strings"
	"time"
)

// configHCL is the demo's orchestrator configuration: the embedded store,
// the default capacity-only policy.
const configHCL = `terraform {
  binary  = %q
  version = ">= 1.5.0"
}
store "file" { path = ".hotshow/orchestrator.db" }
orchestrator {
  listen = "127.0.0.1:0" # any free port: the demo prints the status page's address
}
stack "ticketing" {
  dir = "stacks/ticketing"
}
`

// stackTF is a ticketing stack whose show goes on sale at onSale, with
// phases 20 seconds apart and a 5-second lead, driving two terraform_data
// stand-ins for an autoscaling group and an ECS service.
func stackTF(onSale time.Time) string {
	return strings.ReplaceAll(`terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}

resource "hotshow_show" "demo" {
  name       = "Demo Tour — Night 1"
  on_sale_at = "ON_SALE"
  lead       = "5s"
  baseline   = { web = 2, api = 2 }
  phases = [
    { name = "warm", start = "-20s", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "0s", capacity = { web = 120, api = 60 } },
    { name = "tail", start = "+20s", capacity = { web = 30, api = 10 } },
  ]
  end = "+40s"
}

data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.demo.schedule]
  floor = { web = 2 }
}

resource "terraform_data" "web_desired_capacity" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}

resource "terraform_data" "api_desired_count" {
  input = data.hotshow_capacity.fleet.capacity["api"]
}
`, "ON_SALE", onSale.Format(time.RFC3339))
}
