package policy

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
)

func change(addr, typ string, actions tfjson.Actions, before, after, unknown any) *tfjson.ResourceChange {
	return &tfjson.ResourceChange{Address: addr, Type: typ, Mode: tfjson.ManagedResourceMode,
		Change: &tfjson.Change{Actions: actions, Before: before, After: after, AfterUnknown: unknown}}
}

var (
	update  = tfjson.Actions{tfjson.ActionUpdate}
	create  = tfjson.Actions{tfjson.ActionCreate}
	destroy = tfjson.Actions{tfjson.ActionDelete}
	replace = tfjson.Actions{tfjson.ActionDelete, tfjson.ActionCreate}
)

func TestPolicyCheck(t *testing.T) {
	t.Parallel()
	asg := change("aws_autoscaling_group.web", "aws_autoscaling_group", update,
		map[string]any{"desired_capacity": 2.0, "max_size": 10.0, "name": "web"},
		map[string]any{"desired_capacity": 40.0, "max_size": 40.0, "name": "web"}, map[string]any{})
	asgName := change("aws_autoscaling_group.web", "aws_autoscaling_group", update,
		map[string]any{"desired_capacity": 2.0, "name": "web"}, map[string]any{"desired_capacity": 4.0, "name": "web2"}, nil)
	gsi := change("aws_dynamodb_table.t", "aws_dynamodb_table", update,
		map[string]any{"write_capacity": 5.0, "global_secondary_index": []any{
			map[string]any{"name": "a", "write_capacity": 5.0, "hash_key": "x"}, map[string]any{"name": "b", "write_capacity": 5.0, "hash_key": "y"}}},
		map[string]any{"write_capacity": 500.0, "global_secondary_index": []any{
			map[string]any{"name": "b", "write_capacity": 500.0, "hash_key": "y"}, map[string]any{"name": "a", "write_capacity": 500.0, "hash_key": "x"}}}, nil)
	gsiKey := change("aws_dynamodb_table.t", "aws_dynamodb_table", update,
		map[string]any{"global_secondary_index": []any{map[string]any{"name": "a", "hash_key": "x"}}},
		map[string]any{"global_secondary_index": []any{map[string]any{"name": "a", "hash_key": "z"}}}, nil)
	data := change("terraform_data.web", "terraform_data", update,
		map[string]any{"input": 2.0, "output": 2.0}, map[string]any{"input": 40.0}, map[string]any{"output": true})
	params := change("aws_servicecatalog_provisioned_product.p", "aws_servicecatalog_provisioned_product", update,
		map[string]any{"provisioning_parameters": []any{map[string]any{"key": "Size", "value": "1"}, map[string]any{"key": "Name", "value": "n"}}},
		map[string]any{"provisioning_parameters": []any{map[string]any{"key": "Size", "value": "9"}, map[string]any{"key": "Name", "value": "n"}}}, nil)
	paramName := change("aws_servicecatalog_provisioned_product.p", "aws_servicecatalog_provisioned_product", update,
		map[string]any{"provisioning_parameters": []any{map[string]any{"key": "Size", "value": "1"}, map[string]any{"key": "Name", "value": "n"}}},
		map[string]any{"provisioning_parameters": []any{map[string]any{"key": "Size", "value": "9"}, map[string]any{"key": "Name", "value": "m"}}}, nil)
	sizeRule := []AllowRule{{ResourceType: "aws_servicecatalog_provisioned_product", Attributes: []string{"provisioning_parameters[key=Size].value"}}}
	instance := change("aws_instance.i", "aws_instance", update, map[string]any{"instance_type": "t3.micro"}, map[string]any{"instance_type": "m5.large"}, nil)

	tests := []struct {
		name    string
		policy  Policy
		changes []*tfjson.ResourceChange
		refused []string
	}{
		{"capacity attributes", Policy{Mode: CapacityOnly}, []*tfjson.ResourceChange{asg, data, gsi}, nil},
		{"no built-in rule for product parameters", Policy{Mode: CapacityOnly}, []*tfjson.ResourceChange{params},
			[]string{"aws_servicecatalog_provisioned_product.p: changes provisioning_parameters[key=Size].value, which is not a capacity setting"}},
		{"keyed rule", Policy{Mode: CapacityOnly, Allow: sizeRule}, []*tfjson.ResourceChange{params}, nil},
		{"keyed rule names one key", Policy{Mode: CapacityOnly, Allow: sizeRule}, []*tfjson.ResourceChange{paramName},
			[]string{"aws_servicecatalog_provisioned_product.p: changes provisioning_parameters[key=Name].value, which is not a capacity setting"}},
		{"unkeyed rule, today's syntax, allows every key", Policy{Mode: CapacityOnly, Allow: []AllowRule{{ResourceType: "aws_servicecatalog_provisioned_product", Attributes: []string{"provisioning_parameters.value"}}}},
			[]*tfjson.ResourceChange{paramName}, nil},
		{"other attribute", Policy{Mode: CapacityOnly}, []*tfjson.ResourceChange{asgName}, []string{"aws_autoscaling_group.web: changes name, which is not a capacity setting"}},
		{"gsi key change", Policy{Mode: CapacityOnly}, []*tfjson.ResourceChange{gsiKey}, []string{"aws_dynamodb_table.t: changes global_secondary_index[name=a].hash_key, which is not a capacity setting"}},
		{"create", Policy{Mode: CapacityOnly}, []*tfjson.ResourceChange{change("terraform_data.x", "terraform_data", create, nil, map[string]any{}, nil)}, []string{"terraform_data.x: would be created"}},
		{"destroy", Policy{Mode: CapacityOnly}, []*tfjson.ResourceChange{change("terraform_data.x", "terraform_data", destroy, map[string]any{}, nil, nil)}, []string{"terraform_data.x: would be destroyed"}},
		{"replace", Policy{Mode: CapacityOnly}, []*tfjson.ResourceChange{change("terraform_data.x", "terraform_data", replace, map[string]any{}, map[string]any{}, nil)}, []string{"terraform_data.x: would be replaced"}},
		{"user pattern", Policy{Mode: CapacityOnly, Allow: []AllowRule{{ResourceType: "aws_instance", Attributes: []string{"instance_*"}}}}, []*tfjson.ResourceChange{instance}, nil},
		{"no-destroy allows create", Policy{Mode: NoDestroy}, []*tfjson.ResourceChange{instance, change("terraform_data.x", "terraform_data", create, nil, map[string]any{}, nil)}, nil},
		{"no-destroy refuses replace", Policy{Mode: NoDestroy}, []*tfjson.ResourceChange{change("terraform_data.x", "terraform_data", replace, map[string]any{}, map[string]any{}, nil)}, []string{"terraform_data.x: would be replaced"}},
		{"any", Policy{Mode: Any}, []*tfjson.ResourceChange{change("terraform_data.x", "terraform_data", destroy, map[string]any{}, nil, nil)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			plan := &tfjson.Plan{ResourceChanges: append(tt.changes,
				change("data.hotshow_capacity.x", "hotshow_capacity", tfjson.Actions{tfjson.ActionRead}, nil, nil, nil),
				change("terraform_data.same", "terraform_data", tfjson.Actions{tfjson.ActionNoop}, nil, nil, nil))}
			changed, refused := tt.policy.Check(plan, nil)
			assert.Len(t, changed, len(tt.changes), "no-ops and reads are not changes")
			var got []string
			for _, v := range refused {
				got = append(got, v.String())
			}
			assert.Equal(t, tt.refused, got)
		})
	}
}

// computedOnly follows nested blocks and nested attributes to the
// attribute a path names.
func TestComputedOnly(t *testing.T) {
	t.Parallel()
	schema := &tfjson.SchemaBlock{
		Attributes: map[string]*tfjson.SchemaAttribute{
			"arn":      {Computed: true},
			"tags_all": {Optional: true, Computed: true},
			"outputs":  {Computed: true},
			"settings": {Optional: true, AttributeNestedType: &tfjson.SchemaNestedAttributeType{Attributes: map[string]*tfjson.SchemaAttribute{
				"size": {Optional: true}, "etag": {Computed: true},
			}}},
		},
		NestedBlocks: map[string]*tfjson.SchemaBlockType{
			"provisioning_parameters": {Block: &tfjson.SchemaBlock{Attributes: map[string]*tfjson.SchemaAttribute{
				"value": {Optional: true}, "resolved": {Computed: true},
			}}},
		},
	}
	for path, want := range map[string]bool{
		"arn": true, "outputs": true, "outputs.key": true, "tags_all": false, "tags_all.team": false,
		"settings.size": false, "settings.etag": true,
		"provisioning_parameters[key=NodeCount].value": false, "provisioning_parameters[key=NodeCount].resolved": true,
		"unknown": false, "provisioning_parameters.unknown": false,
	} {
		assert.Equal(t, want, computedOnly(schema, path), path)
	}
	assert.False(t, computedOnly(nil, "arn"), "no schema: nothing is computed-only")
}

// TestPolicyCheck_calendarRuns: with show_changes = "calendar", a calendar
// run may create, update, replace and destroy hotshow_show records; any
// other change is judged as in every run, and no other run may touch a show.
func TestPolicyCheck_calendarRuns(t *testing.T) {
	t.Parallel()
	plan := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		change(`hotshow_show.req["TIX-1"]`, "hotshow_show", create, nil, map[string]any{"name": "a"}, nil),
		change(`hotshow_show.req["TIX-2"]`, "hotshow_show", update, map[string]any{"approved": false}, map[string]any{"approved": true}, nil),
		change(`hotshow_show.req["TIX-3"]`, "hotshow_show", destroy, map[string]any{"name": "c"}, nil, nil),
		change(`hotshow_show.req["TIX-4"]`, "hotshow_show", replace, map[string]any{"name": "d"}, map[string]any{"name": "e"}, nil),
		change("terraform_data.web", "terraform_data", update, map[string]any{"input": 2.0}, map[string]any{"input": 40.0}, nil),
		change("aws_instance.x", "aws_instance", create, nil, map[string]any{"ami": "a"}, nil),
	}}
	p := Policy{Mode: CapacityOnly, ShowChanges: ShowChangesCalendar}
	_, refused := p.ForCalendar().Check(plan, nil)
	assert.Equal(t, []Violation{{Address: "aws_instance.x", Reason: "would be created"}}, refused)

	_, refused = p.Check(plan, nil)
	assert.Len(t, refused, 5, "a run at a transition instant may not change a show")
	_, refused = Policy{Mode: CapacityOnly}.ForCalendar().Check(plan, nil)
	assert.Len(t, refused, 5, "without show_changes, neither may a calendar run")
}
