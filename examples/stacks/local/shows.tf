# The shows and the capacity they call for. This file is the same in
# examples/stacks/ticketing (AWS) and examples/stacks/local (terraform_data
# stand-ins); a test keeps the two identical and applies the local twin.

# Demand at the stadium on-sale: 300,000 fans in the first minute.
data "hotshow_sizing" "stadium" {
  peak_arrivals  = 300000
  arrival_window = "1m"
  units = {
    web = { per_unit_rps = 150, headroom = 0.3, min = 4, max = 400 }
    api = { per_unit_rps = 400, headroom = 0.3, min = 2, max = 200 }
  }
}

locals {
  # Everyday capacity: what the platform runs outside any show.
  everyday = { web = 4, api = 2, ddb_read = 100, ddb_write = 50, lambda = 5, queue_nodes = 1 }
}

resource "hotshow_show" "stadium_n1" {
  name       = "Stadium Tour — Sydney N1"
  on_sale_at = "2026-12-01T09:00:00"
  lead       = "10m"
  baseline   = local.everyday
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 10, ddb_read = 2000, ddb_write = 500, lambda = 100, queue_nodes = 2 } },
    { name = "peak", start = "-5m", capacity = merge(data.hotshow_sizing.stadium.capacity, { ddb_read = 8000, ddb_write = 2000, lambda = 300, queue_nodes = 6 }) },
    { name = "tail", start = "+90m", capacity = { web = 12, api = 6, ddb_read = 1000, ddb_write = 300, lambda = 50, queue_nodes = 2 } },
  ]
  end = "+3h"
}

resource "hotshow_show" "arena_n1" {
  name       = "Arena Comedy — Sydney N1"
  on_sale_at = "2026-12-01T10:00:00"
  lead       = "10m"
  baseline   = local.everyday
  phases = [
    { name = "warm", start = "-30m", capacity = { web = 20, api = 10, ddb_read = 1000, ddb_write = 300, lambda = 50, queue_nodes = 2 } },
    { name = "peak", start = "-5m", capacity = { web = 30, api = 12, ddb_read = 3000, ddb_write = 800, lambda = 120, queue_nodes = 3 } },
  ]
  end = "+2h"
}

# Both shows feed one platform: per dimension the larger need wins, never
# below everyday capacity and never above what the account may run.
data "hotshow_capacity" "platform" {
  shows   = [hotshow_show.stadium_n1.schedule, hotshow_show.arena_n1.schedule]
  combine = "max"
  floor   = local.everyday
  ceiling = { web = 200, api = 100, ddb_read = 20000, ddb_write = 5000, lambda = 500, queue_nodes = 8 }
}

locals {
  capacity = data.hotshow_capacity.platform.capacity
  # The waiting room switches to its surge profile while the stadium is at peak.
  waiting_room_mode = data.hotshow_capacity.platform.phases["Stadium Tour — Sydney N1"] == "peak" ? "surge" : "standard"
}
