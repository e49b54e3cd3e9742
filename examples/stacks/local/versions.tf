# The local twin of examples/stacks/ticketing: the same shows.tf, with each
# AWS resource replaced by a terraform_data that holds the capacity settings
# the AWS stack wires, under the same names. No cloud account needed: apply
# it with HOTSHOW_AS_OF to see what the AWS stack would get at any instant.
terraform {
  required_version = ">= 1.5.0"
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}

provider "hotshow" {
  time_zone = "Australia/Sydney"
}
