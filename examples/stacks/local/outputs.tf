output "targets" {
  description = "What each AWS resource of the ticketing stack would be set to."
  value = {
    "aws_autoscaling_group.web"                           = terraform_data.aws_autoscaling_group__web.output
    "aws_appautoscaling_target.api"                       = terraform_data.aws_appautoscaling_target__api.output
    "aws_dynamodb_table.orders"                           = terraform_data.aws_dynamodb_table__orders.output
    "aws_lambda_provisioned_concurrency_config.checkout"  = terraform_data.aws_lambda_provisioned_concurrency_config__checkout.output
    "aws_servicecatalog_provisioned_product.waiting_room" = terraform_data.aws_servicecatalog_provisioned_product__waiting_room.output
  }
}

output "phases" {
  value = data.hotshow_capacity.platform.phases
}
