output "capacity" {
  description = "The capacity applied, per dimension."
  value       = local.capacity
}

output "phases" {
  value = data.hotshow_capacity.platform.phases
}

output "next_transition_at" {
  value = data.hotshow_capacity.platform.next_transition_at
}
