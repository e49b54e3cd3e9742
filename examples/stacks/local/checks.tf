# The readiness checks of examples/stacks/ticketing, over the stand-ins.
# What the cloud would report comes from fleet.json beside this file, when
# there is one (tests write it to make a check fail, then pass, on cue):
#
#   { "running": { "ticketing-web": 40 }, "lambda_allocated": 100,
#     "waiting_room_status": "UNDER_CHANGE", "vcpu_quota": 512 }
#
# Without it every capacity applied is in service and the quota is ample.

locals {
  fleet = jsondecode(fileexists("${path.module}/fleet.json") ? file("${path.module}/fleet.json") : "{}")

  web_running         = try(local.fleet.running["ticketing-web"], terraform_data.aws_autoscaling_group__web.output.min_size)
  lambda_allocated    = try(local.fleet.lambda_allocated, terraform_data.aws_lambda_provisioned_concurrency_config__checkout.output.provisioned_concurrent_executions)
  waiting_room_status = try(local.fleet.waiting_room_status, "AVAILABLE")
  vcpu_quota          = try(local.fleet.vcpu_quota, 5000)
  web_instance_vcpus  = 4
}

# The capacity at the stadium's on-sale (its peak), for the quota check.
data "hotshow_capacity" "stadium_peak" {
  shows   = data.hotshow_capacity.platform.shows
  combine = data.hotshow_capacity.platform.combine
  floor   = data.hotshow_capacity.platform.floor
  ceiling = data.hotshow_capacity.platform.ceiling
  as_of   = hotshow_show.stadium_n1.on_sale_at_utc
}

check "web_in_service" {
  assert {
    condition     = local.web_running >= local.capacity["web"]
    error_message = "web: ${local.web_running} instances running in ticketing-web, ${local.capacity["web"]} scheduled"
  }
}

check "checkout_concurrency_ready" {
  assert {
    condition     = local.lambda_allocated >= local.capacity["lambda"]
    error_message = "checkout: ${local.lambda_allocated} provisioned concurrent executions allocated, ${local.capacity["lambda"]} scheduled"
  }
}

check "waiting_room_available" {
  assert {
    condition     = local.waiting_room_status == "AVAILABLE" && terraform_data.aws_servicecatalog_provisioned_product__waiting_room.output != null
    error_message = "waiting room ticketing-waiting-room is ${local.waiting_room_status}"
  }
}

check "ec2_vcpu_quota_covers_peak" {
  assert {
    condition     = data.hotshow_capacity.stadium_peak.capacity["web"] * local.web_instance_vcpus <= local.vcpu_quota
    error_message = "the On-Demand vCPU quota is ${local.vcpu_quota}: the stadium's peak needs ${data.hotshow_capacity.stadium_peak.capacity["web"] * local.web_instance_vcpus} for web"
  }
}
