# The capacity stack manages the capacity settings of a platform whose other
# parts (network, images, task definitions, functions) live elsewhere.

variable "region" {
  type    = string
  default = "ap-southeast-2"
}

variable "subnet_ids" {
  description = "Private subnets of the web tier."
  type        = list(string)
}

variable "web_launch_template_id" {
  type = string
}

variable "web_target_group_arns" {
  type    = list(string)
  default = []
}

variable "ecs_cluster_name" {
  type = string
}

variable "api_task_definition_arn" {
  type = string
}

variable "checkout_function_name" {
  type = string
}

variable "checkout_alias" {
  description = "Alias of the checkout function that receives provisioned concurrency."
  type        = string
  default     = "live"
}

variable "waiting_room_product_id" {
  description = "Service Catalog product of the virtual waiting room."
  type        = string
}

variable "waiting_room_artifact_id" {
  type = string
}

variable "web_instance_vcpus" {
  description = "vCPUs of one web instance (its launch template's instance type), for the quota check."
  type        = number
  default     = 4
}

variable "vcpus_used_elsewhere" {
  description = "On-Demand vCPUs the account runs outside the web tier, for the quota check."
  type        = number
  default     = 0
}
