# Doors-open for a stadium on-sale: warm up an hour before, peak from five
# minutes before, a long tail, back to baseline three hours after.
resource "hotshow_show" "eras_sydney" {
  name       = "Eras Tour — Sydney N1"
  on_sale_at = "2026-12-01T09:00:00" # venue-local wall time in time_zone
  time_zone  = "Australia/Sydney"
  lead       = "10m" # instances take ten minutes to be useful
  approved   = true
  baseline   = { web = 2, api = 2 }

  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
    { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
  ]
  end = "+3h"
}

# A show that is declared but not yet approved stays at its baseline.
resource "hotshow_show" "eras_melbourne" {
  name       = "Eras Tour — Melbourne N1"
  on_sale_at = "2026-12-02T10:00:00+11:00" # or RFC 3339 with an offset
  time_zone  = "Australia/Melbourne"
  approved   = false
  phases     = [{ name = "peak", start = "-10m", capacity = { web = 100 } }]
  end        = "+2h"
}
