# 300,000 users arriving within a minute of the on-sale is 5,000 requests a
# second; size each tier for it with 30 % headroom.
data "hotshow_sizing" "onsale" {
  peak_arrivals  = 300000
  arrival_window = "1m"
  units = {
    web = { per_unit_rps = 150, headroom = 0.3, min = 2, max = 400 }
    api = { per_unit_rps = 400, headroom = 0.3, min = 2 }
  }
}

# Use the result as a show's peak capacity.
resource "hotshow_show" "stadium" {
  name       = "Stadium on-sale"
  on_sale_at = "2026-12-01T09:00:00+11:00"
  lead       = "10m"
  phases = [
    { name = "peak", start = "-5m", capacity = data.hotshow_sizing.onsale.capacity },
  ]
  end = "+2h"
}
