terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws     = { source = "hashicorp/aws", version = ">= 5.40" }
    hotshow = { source = "hotshow/hotshow", version = ">= 0.1.0" }
  }
  # State where CI and the orchestrator both reach it, with locking:
  # backend "s3" {
  #   bucket         = "ticketing-terraform-state"
  #   key            = "capacity/terraform.tfstate"
  #   region         = "ap-southeast-2"
  #   dynamodb_table = "ticketing-terraform-locks"
  # }
}

provider "aws" {
  region = var.region
}

provider "hotshow" {
  time_zone = "Australia/Sydney"
}
