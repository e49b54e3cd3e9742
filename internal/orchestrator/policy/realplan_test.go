package policy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/awsstandin"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

func TestMain(m *testing.M) {
	awsstandin.ServeIfStarted() // Terraform starts this binary as hashicorp/aws
	os.Exit(m.Run())
}

// realPlanTF drives the capacity settings and a few non-capacity ones of
// three AWS resources from var.v.
const realPlanTF = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" {
  region = "ap-southeast-2"
}
variable "v" {
  type = any
}
resource "aws_servicecatalog_provisioned_product" "room" {
  name                     = "room"
  product_id               = "prod-waitingroom01"
  provisioning_artifact_id = "pa-waitingroom01"
  provisioning_parameters {
    key   = "NodeCount"
    value = var.v.nodes
  }
  provisioning_parameters {
    key   = "Mode"
    value = var.v.mode
  }
}
resource "aws_autoscaling_group" "web" {
  name                      = var.v.asg_name
  vpc_zone_identifier       = ["subnet-0a"]
  min_size                  = var.v.web
  max_size                  = 200
  wait_for_capacity_timeout = "0"
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
resource "aws_dynamodb_table" "orders" {
  name           = "orders"
  billing_mode   = "PROVISIONED"
  hash_key       = "id"
  read_capacity  = var.v.read
  write_capacity = 50
  tags           = var.v.tags
  attribute {
    name = "id"
    type = "S"
  }
  warm_throughput {
    read_units_per_second  = var.v.warm_read
    write_units_per_second = 4000
  }
}
`

type vars struct {
	Nodes    string            `json:"nodes"`
	Mode     string            `json:"mode"`
	ASGName  string            `json:"asg_name"`
	Web      int               `json:"web"`
	Read     int               `json:"read"`
	WarmRead int               `json:"warm_read"`
	Tags     map[string]string `json:"tags"`
}

var before = vars{Nodes: "1", Mode: "standard", ASGName: "web", Web: 4, Read: 100, WarmRead: 13000, Tags: map[string]string{"team": "platform"}}

// realPlans applies before against the AWS stand-in, then plans each of
// after, and returns the plans as terraform show -json reads them, with
// the stack's provider schemas.
func realPlans(t *testing.T, after ...vars) ([]*tfjson.Plan, *tfjson.ProviderSchemas) {
	t.Helper()
	tftest.TerraformPath(t) // skips without TF_ACC
	cli, err := awsstandin.Mirror(t.TempDir())
	require.NoError(t, err)
	tf := tftest.Workdir(t, cli, map[string]string{"main.tf": realPlanTF}, nil)
	ctx := context.Background()
	varFile := func(v vars) *tfexec.VarFileOption {
		doc, err := json.Marshal(map[string]any{"v": v})
		require.NoError(t, err)
		f, err := os.CreateTemp(t.TempDir(), "*.tfvars.json")
		require.NoError(t, err)
		_, err = f.Write(doc)
		require.NoError(t, err)
		require.NoError(t, f.Close())
		return tfexec.VarFile(f.Name())
	}
	require.NoError(t, tf.Apply(ctx, varFile(before)))
	var plans []*tfjson.Plan
	for i, v := range after {
		planFile := filepath.Join(t.TempDir(), fmt.Sprintf("plan-%d", i))
		_, err := tf.Plan(ctx, varFile(v), tfexec.Out(planFile))
		require.NoError(t, err)
		p, err := tf.ShowPlanFile(ctx, planFile)
		require.NoError(t, err)
		plans = append(plans, p)
	}
	schemas, err := tf.ProvidersSchema(ctx)
	require.NoError(t, err)
	return plans, schemas
}

func verdicts(p policy.Policy, plan *tfjson.Plan, schemas *tfjson.ProviderSchemas) map[string]string {
	changed, refused := p.Check(plan, schemas)
	out := map[string]string{}
	for _, a := range changed {
		out[a] = "allowed"
	}
	for _, v := range refused {
		out[v.Address] = v.Reason
	}
	return out
}

// TestCheckRealPlans checks plans Terraform made against the AWS stand-in
// (its schemas are the AWS provider's), the way a scheduled run does.
func TestCheckRealPlans(t *testing.T) {
	t.Parallel()
	peak := before
	peak.Nodes, peak.Web, peak.Read, peak.WarmRead = "6", 40, 8000, 14000
	surge := before
	surge.Mode = "surge"
	unsafe := before
	unsafe.ASGName, unsafe.WarmRead, unsafe.Tags = "web-2", 12500, map[string]string{"team": "on-sale"}
	plans, schemas := realPlans(t, peak, surge, unsafe)
	nodeCount := policy.Policy{Mode: policy.CapacityOnly, Allow: []policy.AllowRule{
		{ResourceType: "aws_servicecatalog_provisioned_product", Attributes: []string{"provisioning_parameters[key=NodeCount].value"}}}}

	// The capacity of a peak: the waiting room's outputs become unknown, a
	// computed-only attribute (the provider's refreshOutputsDiff).
	room := resourceChange(t, plans[0], "aws_servicecatalog_provisioned_product.room")
	assert.Equal(t, map[string]any{"outputs": true}, onlyTrue(room.Change.AfterUnknown), "the plan leaves outputs unknown")
	outputs := schemas.Schemas[room.ProviderName].ResourceSchemas["aws_servicecatalog_provisioned_product"].Block.Attributes["outputs"]
	assert.True(t, outputs.Computed && !outputs.Optional && !outputs.Required, "outputs is computed-only in the provider's schema")
	assert.Equal(t, map[string]string{
		"aws_servicecatalog_provisioned_product.room": "allowed",
		"aws_autoscaling_group.web":                   "allowed",
		"aws_dynamodb_table.orders":                   "allowed",
	}, verdicts(nodeCount, plans[0], schemas), "a peak's capacity, warm throughput raised")
	assert.Equal(t, "changes outputs, which is not a capacity setting", verdicts(nodeCount, plans[0], nil)["aws_servicecatalog_provisioned_product.room"],
		"without the schemas, the unknown outputs refuse the waiting room (the old behaviour)")

	assert.Equal(t, map[string]string{
		"aws_servicecatalog_provisioned_product.room": "changes provisioning_parameters[key=Mode].value, which is not a capacity setting",
	}, verdicts(nodeCount, plans[1], schemas), "a parameter the rule does not name")

	assert.Equal(t, map[string]string{
		"aws_autoscaling_group.web": "would be replaced",
		"aws_dynamodb_table.orders": "would be replaced",
	}, verdicts(nodeCount, plans[2], schemas), "a new name replaces the group (ForceNew); lowering warm throughput replaces the table (ForceNewIfChange)")
	tagsOnly := before
	tagsOnly.Tags = map[string]string{"team": "on-sale"}
	plans, schemas = realPlans(t, tagsOnly)
	assert.Equal(t, map[string]string{
		"aws_dynamodb_table.orders": "changes tags.team, tags_all.team, which are not a capacity setting",
	}, verdicts(nodeCount, plans[0], schemas), "tags are not capacity; tags_all is optional in the schema, so it counts")
}

func resourceChange(t *testing.T, plan *tfjson.Plan, address string) *tfjson.ResourceChange {
	t.Helper()
	for _, rc := range plan.ResourceChanges {
		if rc.Address == address {
			return rc
		}
	}
	t.Fatalf("%s is not in the plan", address)
	return nil
}

// onlyTrue keeps the true leaves of an after_unknown object.
func onlyTrue(v any) map[string]any {
	out := map[string]any{}
	m, _ := v.(map[string]any)
	for k, e := range m {
		if b, ok := e.(bool); ok && b {
			out[k] = true
		}
	}
	return out
}
