// Package showstate is the one contract between the provider and the
// orchestrator: the shape in which hotshow_show stores its schedule (and
// hotshow_capacity its combine, floor and ceiling) in Terraform state, and
// the checks a schedule read back must pass.
//
// hotshow_show's schema version 0 stored the schedule as a nested object,
// ScheduleV0, written through terraform-plugin-framework (the tfsdk tags).
// Version 1 stores it as a string, ScheduleV1: the same fields as JSON (the
// json tags), which Terraform plans far faster than nested values. The
// provider's state upgrader turns the one into the other; the orchestrator
// reads both from `terraform state pull` with Parse, since a stack's state
// keeps the old form until Terraform next writes it.
//
// It imports only internal/timeline: neither the framework nor anything of
// the orchestrator. A change to the shape is a schema version: add
// ScheduleV2 beside the others, never edit one in place.
package showstate
