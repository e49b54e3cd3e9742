// Package showstate is the one contract between the provider and the
// orchestrator: the shape in which hotshow_show stores its schedule (and
// hotshow_capacity its combine, floor and ceiling) in Terraform state, and
// the checks a schedule read back must pass. The provider writes ScheduleV0
// through terraform-plugin-framework (the tfsdk tags); the orchestrator reads
// the same fields from `terraform state pull` (the json tags) with Parse.
//
// It imports only internal/timeline: neither the framework nor anything of
// the orchestrator. A change to the shape is a schema version: add
// ScheduleV1 beside ScheduleV0, never edit it in place.
package showstate
