# Readiness: capacity applied is not capacity in service. An Auto Scaling
# group whose minimum went to 120 may run 40 instances five minutes before
# the on-sale (a quota, a capacity shortage, a bad image). The orchestrator
# evaluates these check blocks 24 hours and 15 minutes before each on-sale
# and right after each transition it applies, with a refresh-only plan that
# is never applied, and alerts with the error_message of any that fails.
# `hotshow-orchestrator ready` evaluates them on demand.
#
# The local twin (examples/stacks/local/checks.tf) has checks of the same
# names over its stand-ins.

# The capacity at the stadium's on-sale (its peak), for the quota check.
data "hotshow_capacity" "stadium_peak" {
  shows   = data.hotshow_capacity.platform.shows
  combine = data.hotshow_capacity.platform.combine
  floor   = data.hotshow_capacity.platform.floor
  ceiling = data.hotshow_capacity.platform.ceiling
  as_of   = hotshow_show.stadium_n1.on_sale_at_utc
}

# The web tier runs at least the scheduled minimum. The group's minimum is
# what was asked for; the instances running in it are what there is.
check "web_in_service" {
  data "aws_instances" "web" {
    instance_tags        = { "aws:autoscaling:groupName" = aws_autoscaling_group.web.name }
    instance_state_names = ["running"]
  }

  assert {
    condition     = length(data.aws_instances.web.ids) >= local.capacity["web"]
    error_message = "web: ${length(data.aws_instances.web.ids)} instances running in ${aws_autoscaling_group.web.name}, ${local.capacity["web"]} scheduled"
  }
}

# Provisioned concurrency is allocated: a refresh reads what Lambda has
# allocated (AllocatedProvisionedConcurrentExecutions), which reaches the
# requested figure once the configuration is READY.
check "checkout_concurrency_ready" {
  assert {
    condition     = aws_lambda_provisioned_concurrency_config.checkout.provisioned_concurrent_executions >= local.capacity["lambda"]
    error_message = "checkout: ${aws_lambda_provisioned_concurrency_config.checkout.provisioned_concurrent_executions} provisioned concurrent executions allocated, ${local.capacity["lambda"]} scheduled"
  }
}

# The waiting room's last provisioning finished: Service Catalog reports
# the product AVAILABLE (not UNDER_CHANGE, TAINTED or ERROR).
check "waiting_room_available" {
  assert {
    condition     = aws_servicecatalog_provisioned_product.waiting_room.status == "AVAILABLE"
    error_message = "waiting room ${aws_servicecatalog_provisioned_product.waiting_room.name} is ${aws_servicecatalog_provisioned_product.waiting_room.status}: ${aws_servicecatalog_provisioned_product.waiting_room.status_message}"
  }
}

# The account's On-Demand vCPU quota covers the web tier at the stadium's
# peak, beside what the account runs elsewhere: a quota increase takes
# days, so the check that runs 24 hours ahead is the one that matters.
check "ec2_vcpu_quota_covers_peak" {
  data "aws_servicequotas_service_quota" "on_demand_vcpus" {
    service_code = "ec2"
    quota_code   = "L-1216C47A" # Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances, in vCPUs
  }

  assert {
    condition     = data.hotshow_capacity.stadium_peak.capacity["web"] * var.web_instance_vcpus + var.vcpus_used_elsewhere <= data.aws_servicequotas_service_quota.on_demand_vcpus.value
    error_message = "the On-Demand vCPU quota is ${data.aws_servicequotas_service_quota.on_demand_vcpus.value}: the stadium's peak needs ${data.hotshow_capacity.stadium_peak.capacity["web"] * var.web_instance_vcpus} for web beside ${var.vcpus_used_elsewhere} used elsewhere"
  }
}
