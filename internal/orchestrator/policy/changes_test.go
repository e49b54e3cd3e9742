package policy

import (
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
)

func TestDiffAndChanges(t *testing.T) {
	t.Parallel()
	web := change("terraform_data.web", "terraform_data", update,
		map[string]any{"input": 2.0, "output": 2.0}, map[string]any{"input": 40.0}, map[string]any{"output": true})
	secret := change("aws_ecs_service.s", "aws_ecs_service", update,
		map[string]any{"desired_count": 1.0, "name": "old"}, map[string]any{"desired_count": 4.0, "name": "new"}, nil)
	secret.Change.AfterSensitive = map[string]any{"name": true}
	secret.Change.BeforeSensitive = map[string]any{"name": true}
	extra := change("terraform_data.x", "terraform_data", create, nil, map[string]any{}, nil)
	plan := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{web, secret, extra}}

	assert.Equal(t, []string{
		"terraform_data.web.input: 2 -> 40",
		"aws_ecs_service.s.desired_count: 1 -> 4",
		"aws_ecs_service.s.name: (sensitive) -> (sensitive)",
	}, Diff(plan), "unknown values left out, sensitive ones masked")

	got := Policy{Mode: CapacityOnly}.Changes(plan, nil)
	assert.Equal(t, []Change{
		{Address: "terraform_data.web", Actions: []string{"update"}, Attributes: []AttrChange{{"input", "2", "40"}, {"output", "2", KnownAfterApply}}},
		{Address: "aws_ecs_service.s", Actions: []string{"update"}, Attributes: []AttrChange{{"desired_count", "1", "4"}, {"name", "(sensitive)", "(sensitive)"}},
			Refused: "changes name, which is not a capacity setting"},
		{Address: "terraform_data.x", Actions: []string{"create"}, Refused: "would be created"},
	}, got)
	assert.Equal(t, "policy capacity-only refused the plan: a: would be created; b: would be replaced",
		Policy{Mode: CapacityOnly}.Explain([]Violation{{"a", "would be created"}, {"b", "would be replaced"}}))
}
