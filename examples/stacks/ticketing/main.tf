# Every capacity setting of the platform, driven by local.capacity (shows.tf).
# The orchestrator's capacity-only policy applies changes to exactly these
# attributes; anything else in a scheduled plan is refused.

# Web tier. Target tracking keeps moving desired_capacity with the load, so
# Terraform leaves it alone (ignore_changes) and the show sets the floor the
# autoscaler cannot go under: min_size.
resource "aws_autoscaling_group" "web" {
  name                = "ticketing-web"
  vpc_zone_identifier = var.subnet_ids
  target_group_arns   = var.web_target_group_arns
  min_size            = local.capacity["web"]
  max_size            = 200
  health_check_type   = "ELB"
  # Return once AWS has the new minimum, not after up to 10 min waiting for healthy instances.
  wait_for_capacity_timeout = "0"

  launch_template {
    id      = var.web_launch_template_id
    version = "$Latest"
  }

  lifecycle {
    ignore_changes = [desired_capacity]
  }
}

resource "aws_autoscaling_policy" "web_cpu" {
  name                   = "ticketing-web-cpu"
  autoscaling_group_name = aws_autoscaling_group.web.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 50
  }
}

# API on ECS. Application Auto Scaling owns desired_count; the show raises
# its lower bound.
resource "aws_ecs_service" "api" {
  name            = "ticketing-api"
  cluster         = var.ecs_cluster_name
  task_definition = var.api_task_definition_arn
  desired_count   = 2
  launch_type     = "FARGATE"

  network_configuration {
    subnets = var.subnet_ids
  }

  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  resource_id        = "service/${var.ecs_cluster_name}/${aws_ecs_service.api.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = local.capacity["api"]
  max_capacity       = 100
}

resource "aws_appautoscaling_policy" "api_cpu" {
  name               = "ticketing-api-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  resource_id        = aws_appautoscaling_target.api.resource_id
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension
  target_tracking_scaling_policy_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
    target_value = 50
  }
}

# Orders table with provisioned capacity, set outright by the show: no
# table autoscaling is attached, so nothing else writes these attributes.
resource "aws_dynamodb_table" "orders" {
  name           = "ticketing-orders"
  billing_mode   = "PROVISIONED"
  hash_key       = "order_id"
  read_capacity  = local.capacity["ddb_read"]
  write_capacity = local.capacity["ddb_write"]

  attribute {
    name = "order_id"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  lifecycle {
    prevent_destroy = true
  }
}

# Checkout function: warm instances before the rush.
resource "aws_lambda_provisioned_concurrency_config" "checkout" {
  function_name                     = var.checkout_function_name
  qualifier                         = var.checkout_alias
  provisioned_concurrent_executions = local.capacity["lambda"]
}

# Virtual waiting room, provisioned from Service Catalog: its node count
# follows the capacity, its mode the stadium's phase.
resource "aws_servicecatalog_provisioned_product" "waiting_room" {
  name                     = "ticketing-waiting-room"
  product_id               = var.waiting_room_product_id
  provisioning_artifact_id = var.waiting_room_artifact_id

  provisioning_parameters {
    key   = "NodeCount"
    value = tostring(local.capacity["queue_nodes"])
  }

  provisioning_parameters {
    key   = "Mode"
    value = local.waiting_room_mode
  }

  lifecycle {
    # Tags are managed by the account's tagging automation.
    ignore_changes = [tags]
  }
}
