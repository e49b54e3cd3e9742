// Package policy is the check between a scheduled plan and its apply: which
// planned changes a run may apply (Check), the attribute paths an update
// changes, and the diffs people read in the ledger, alerts and previews.
// It reads terraform-json plans and imports nothing of the orchestrator.
package policy

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
)

// Mode says which planned changes a scheduled run may apply.
type Mode string

// The policy modes.
const (
	// CapacityOnly applies only in-place updates of capacity attributes.
	CapacityOnly Mode = "capacity-only"
	// NoDestroy applies anything but a destroy or a replace.
	NoDestroy Mode = "no-destroy"
	// Any applies every plan.
	Any Mode = "any"
)

// OnRefusal says what a run does with a plan some of whose changes the
// policy refuses.
type OnRefusal string

// What a run does with a partly refused plan.
const (
	// RefusePlan applies nothing of it (the default).
	RefusePlan OnRefusal = "refuse-plan"
	// ApplyAllowed applies the resources the policy allows, through a plan
	// targeted at them that is itself checked again, and records and alerts
	// on the refused ones.
	ApplyAllowed OnRefusal = "apply-allowed"
)

// AllowRule lets capacity-only runs change more attributes of a resource
// type. Attributes are paths such as "desired_capacity" or
// "global_secondary_index.read_capacity"; a segment may use path.Match
// patterns ("tags.*"), and name elements of a list keyed by "key" or
// "name": "provisioning_parameters[key=NodeCount].value".
type AllowRule struct {
	ResourceType string
	Attributes   []string
}

// ShowChanges says which runs may create, update or destroy hotshow_show
// resources: records of a show, with no infrastructure behind them.
type ShowChanges string

// The show_changes settings.
const (
	// ShowChangesRefuse: no run may (the default: shows come with CI's apply).
	ShowChangesRefuse ShowChanges = "refuse"
	// ShowChangesCalendar: a calendar run (the calendar changed) may.
	ShowChangesCalendar ShowChanges = "calendar"
)

// ShowType is the resource type of a show's record.
const ShowType = "hotshow_show"

// Policy is the check between a scheduled plan and its apply.
type Policy struct {
	Mode        Mode
	Allow       []AllowRule
	OnRefusal   OnRefusal   // "" is RefusePlan
	ShowChanges ShowChanges // "" is ShowChangesRefuse
	records     bool        // this run may change hotshow_show resources
}

// ForCalendar is the policy of a calendar run: with show_changes =
// "calendar", hotshow_show resources may be created, updated and destroyed
// beside the capacity changes the policy allows anyway.
func (p Policy) ForCalendar() Policy {
	p.records = p.ShowChanges == ShowChangesCalendar
	return p
}

// CapacityAttributes is the built-in list of capacity settings, by resource
// type, that capacity-only runs may change.
//
// A Service Catalog product has none: which of its provisioning parameters
// are capacity only its template knows, so the configuration's allow rules
// name them ("provisioning_parameters[key=NodeCount].value"). A DynamoDB
// table's warm_throughput may rise; lowering it replaces the table (the
// provider's ForceNewIfChange), which the policy refuses as a replace.
var CapacityAttributes = map[string][]string{
	"aws_autoscaling_group": {"min_size", "max_size", "desired_capacity",
		"warm_pool.min_size", "warm_pool.max_group_prepared_capacity"},
	"aws_ecs_service": {"desired_count"},
	"aws_dynamodb_table": {"read_capacity", "write_capacity",
		"global_secondary_index.read_capacity", "global_secondary_index.write_capacity",
		"on_demand_throughput.max_read_request_units", "on_demand_throughput.max_write_request_units",
		"global_secondary_index.on_demand_throughput.max_read_request_units", "global_secondary_index.on_demand_throughput.max_write_request_units",
		"warm_throughput.read_units_per_second", "warm_throughput.write_units_per_second",
		"global_secondary_index.warm_throughput.read_units_per_second", "global_secondary_index.warm_throughput.write_units_per_second"},
	"aws_lambda_provisioned_concurrency_config": {"provisioned_concurrent_executions"},
	"aws_appautoscaling_target":                 {"min_capacity", "max_capacity"},
	"aws_eks_node_group":                        {"scaling_config.desired_size", "scaling_config.min_size", "scaling_config.max_size"},
	"aws_rds_cluster":                           {"serverlessv2_scaling_configuration.min_capacity", "serverlessv2_scaling_configuration.max_capacity"},
	"aws_elasticache_replication_group":         {"num_cache_clusters", "replicas_per_node_group", "num_node_groups"},
	"aws_kinesis_stream":                        {"shard_count"},
	"terraform_data":                            {"input", "output"},
}

// Violation is one planned change the policy refuses.
type Violation struct {
	Address string
	Reason  string
}

func (v Violation) String() string { return v.Address + ": " + v.Reason }

// Explain is the ledger's and alerts' text for a refused plan.
func (p Policy) Explain(refused []Violation) string {
	parts := make([]string, len(refused))
	for i, v := range refused {
		parts[i] = v.String()
	}
	return fmt.Sprintf("policy %s refused the plan: %s", p.Mode, strings.Join(parts, "; "))
}

// Check returns the changes of plan that the policy refuses, and the
// addresses of every resource the plan changes. schemas are the stack's
// provider schemas (terraform providers schema -json): with them, an
// attribute a provider computes and nobody configures (computed, neither
// optional nor required) may change or become unknown in an update, as the
// consequence of the configured changes; without them (nil) every changed
// attribute must be allowed.
func (p Policy) Check(plan *tfjson.Plan, schemas *tfjson.ProviderSchemas) (changed []string, refused []Violation) {
	for _, rc := range plan.ResourceChanges {
		if rc.Mode != tfjson.ManagedResourceMode || rc.Change == nil || rc.Change.Actions.NoOp() || rc.Change.Actions.Read() {
			continue
		}
		changed = append(changed, rc.Address)
		if reason := p.refuse(rc, resourceSchema(schemas, rc)); reason != "" {
			refused = append(refused, Violation{Address: rc.Address, Reason: reason})
		}
	}
	return changed, refused
}

// Allowed lists the addresses of changed that refused does not name.
func Allowed(changed []string, refused []Violation) []string {
	out := []string{}
	for _, a := range changed {
		if !slices.ContainsFunc(refused, func(v Violation) bool { return v.Address == a }) {
			out = append(out, a)
		}
	}
	return out
}

func (p Policy) refuse(rc *tfjson.ResourceChange, schema *tfjson.SchemaBlock) string {
	a := rc.Change.Actions
	switch {
	case p.Mode == Any, p.records && rc.Type == ShowType:
		return ""
	case a.Replace():
		return "would be replaced"
	case a.Delete():
		return "would be destroyed"
	case p.Mode == NoDestroy:
		return ""
	case a.Create():
		return "would be created"
	case !a.Update():
		return fmt.Sprintf("unexpected actions %v", a)
	}
	var bad []string
	for _, attr := range ChangedPaths(rc.Change) {
		if !p.allows(rc.Type, attr) && !computedOnly(schema, attr) {
			bad = append(bad, attr)
		}
	}
	if len(bad) > 0 {
		return fmt.Sprintf("changes %s, which %s not a capacity setting", strings.Join(bad, ", "), pluralIs(len(bad)))
	}
	return ""
}

func (p Policy) allows(resourceType, attr string) bool {
	patterns := CapacityAttributes[resourceType]
	for _, r := range p.Allow {
		if r.ResourceType == resourceType {
			patterns = append(patterns, r.Attributes...)
		}
	}
	for _, pat := range patterns {
		if matchPath(pat, attr) {
			return true
		}
	}
	return false
}

func pluralIs(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// ChangedPaths lists the attribute paths an update changes, as dotted names.
// Lists of objects are compared element by element, paired by a "name" or
// "key" attribute when they have one (sets such as a DynamoDB table's global
// secondary indexes reorder when an element changes).
func ChangedPaths(c *tfjson.Change) []string {
	out := map[string]bool{}
	diffValue("", c.Before, c.After, c.AfterUnknown, out)
	paths := make([]string, 0, len(out))
	for p := range out {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	return paths
}
