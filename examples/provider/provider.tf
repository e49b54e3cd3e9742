terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}

provider "hotshow" {
  time_zone = "Australia/Sydney" # default zone for shows' local on_sale_at; default "UTC"
  lead      = "5m"               # default lead for shows; default "0s"
}
