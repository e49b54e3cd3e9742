# The orchestrator's configuration for this stack:
#   hotshow-orchestrator run -config examples/stacks/ticketing/hotshow.hcl
terraform {
  binary  = "terraform"
  version = ">= 1.5.0"
}

store "file" {
  path = ".hotshow/orchestrator.db"
}

policy {
  mode = "capacity-only"

  # Which provisioning parameters of the waiting room are capacity only its
  # template knows: these two. A change to any other parameter is refused.
  allow {
    resource_type = "aws_servicecatalog_provisioned_product"
    attributes = [
      "provisioning_parameters[key=NodeCount].value",
      "provisioning_parameters[key=Mode].value",
    ]
  }

  # A merged change that is not capacity (a tag, say) refuses its resource;
  # the other resources of the transition are still applied.
  on_refusal = "apply-allowed"
}

stack "ticketing" {
  dir = "."
}
