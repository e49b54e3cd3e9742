# One stand-in a capacity-driven AWS resource of examples/stacks/ticketing,
# named <type>__<name>; its input holds the attributes the AWS resource takes
# from shows.tf, with the same expressions. A test checks the two stacks
# wire the same.

resource "terraform_data" "aws_autoscaling_group__web" {
  input = {
    min_size = local.capacity["web"]
  }
}

resource "terraform_data" "aws_appautoscaling_target__api" {
  input = {
    min_capacity = local.capacity["api"]
  }
}

resource "terraform_data" "aws_dynamodb_table__orders" {
  input = {
    read_capacity  = local.capacity["ddb_read"]
    write_capacity = local.capacity["ddb_write"]
  }
}

resource "terraform_data" "aws_lambda_provisioned_concurrency_config__checkout" {
  input = {
    provisioned_concurrent_executions = local.capacity["lambda"]
  }
}

resource "terraform_data" "aws_servicecatalog_provisioned_product__waiting_room" {
  input = {
    NodeCount = tostring(local.capacity["queue_nodes"])
    Mode      = local.waiting_room_mode
  }
}
