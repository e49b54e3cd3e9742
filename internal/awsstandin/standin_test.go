package awsstandin_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/awsstandin"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

func TestMain(m *testing.M) {
	awsstandin.ServeIfStarted() // Terraform starts this binary as hashicorp/aws
	os.Exit(m.Run())
}

// workdir is a Terraform working directory using the stand-in, logging to
// the returned file.
func workdir(t *testing.T, mainTF string, env map[string]string) (*tfexec.Terraform, string) {
	t.Helper()
	tftest.TerraformPath(t) // skips without TF_ACC
	cli, err := awsstandin.Mirror(t.TempDir())
	require.NoError(t, err)
	log := filepath.Join(t.TempDir(), "changes.jsonl")
	all := map[string]string{awsstandin.LogEnv: log}
	for k, v := range env {
		all[k] = v
	}
	return tftest.Workdir(t, cli, map[string]string{"main.tf": mainTF}, all), log
}

const asgTF = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
variable "min" { type = number }
variable "wait" { type = string }
resource "aws_autoscaling_group" "web" {
  name                      = "web"
  vpc_zone_identifier       = ["subnet-0a"]
  min_size                  = var.min
  max_size                  = 200
  wait_for_capacity_timeout = var.wait == "" ? null : var.wait
  launch_template {
    id      = "lt-0123456789abcdef0"
    version = "$Latest"
  }
}
`

// TestAutoscalingGroupCapacityWait: an update of min_size waits, unless
// wait_for_capacity_timeout is "0", for exactly max(min_size,
// desired_capacity) healthy instances; the stand-in has none and fails as
// the AWS provider does when the (scaled) timeout passes. The defaults the
// provider fills in are in the state.
func TestAutoscalingGroupCapacityWait(t *testing.T) {
	t.Parallel()
	tf, log := workdir(t, asgTF, map[string]string{awsstandin.TimeScaleEnv: "300"}) // 10m: 2 s
	ctx := context.Background()
	require.NoError(t, tf.Apply(ctx, tfexec.Var("min=4"), tfexec.Var(`wait=0`)), "no wait with \"0\"")

	began := time.Now()
	err := tf.Apply(ctx, tfexec.Var("min=40"), tfexec.Var(`wait=`)) // the default, 10m
	require.Error(t, err)
	assert.GreaterOrEqual(t, time.Since(began), 2*time.Second, "the wait lasts the scaled timeout")
	assert.Contains(t, err.Error(), "waiting for Auto Scaling Group (web) capacity satisfied: timeout while waiting for state to become 'ok'")
	assert.Contains(t, err.Error(), "want exactly 40 healthy instance(s) in Auto Scaling Group, have 0")

	state, err := tf.Show(ctx)
	require.NoError(t, err)
	attrs := state.Values.RootModule.Resources[0].AttributeValues
	assert.Equal(t, json.Number("40"), attrs["min_size"], "AWS took the new minimum before the wait failed")
	assert.Equal(t, "10m", attrs["wait_for_capacity_timeout"], "the provider's default")
	assert.Equal(t, json.Number("300"), attrs["health_check_grace_period"], "the provider's default")
	assert.Equal(t, json.Number("4"), attrs["desired_capacity"], "AWS started the group at its minimum")

	changes, err := awsstandin.ReadLog(log)
	require.NoError(t, err)
	require.Len(t, changes, 2)
	assert.Equal(t, "create", changes[0].Action)
	assert.Equal(t, "update", changes[1].Action)
	assert.Equal(t, []string{"min_size", "wait_for_capacity_timeout"}, changes[1].Changed)
	assert.Contains(t, changes[1].Error, "want exactly 40")
}

// TestSchemaAsTerraformReadsIt: the schema Terraform gets is the one
// declared, with the flags the policy relies on.
func TestSchemaAsTerraformReadsIt(t *testing.T) {
	t.Parallel()
	tf, _ := workdir(t, asgTF, nil)
	schemas, err := tf.ProvidersSchema(context.Background())
	require.NoError(t, err)
	var aws bool
	for addr, ps := range schemas.Schemas {
		if filepath.Base(addr) != "aws" {
			continue
		}
		aws = true
		assert.Len(t, ps.ResourceSchemas, len(awsstandin.Resources))
		outputs := ps.ResourceSchemas["aws_servicecatalog_provisioned_product"].Block.Attributes["outputs"]
		assert.True(t, outputs.Computed && !outputs.Optional, "outputs: computed-only")
		tagsAll := ps.ResourceSchemas["aws_dynamodb_table"].Block.Attributes["tags_all"]
		assert.True(t, tagsAll.Computed && tagsAll.Optional, "tags_all: optional and computed")
		asg := ps.ResourceSchemas["aws_autoscaling_group"].Block
		assert.True(t, asg.Attributes["min_size"].Required)
		assert.Contains(t, asg.NestedBlocks, "warm_pool")
	}
	assert.True(t, aws, "the stand-in serves hashicorp/aws")
}

const fleetTF = `
terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}
provider "aws" {
  region = "ap-southeast-2"
}
variable "min_running" { type = number }
data "aws_instances" "web" {
  instance_tags        = { "aws:autoscaling:groupName" = "web" }
  instance_state_names = ["running"]
}
data "aws_servicequotas_service_quota" "vcpus" {
  service_code = "ec2"
  quota_code   = "L-1216C47A"
}
check "web_in_service" {
  data "aws_instances" "web_checked" {
    filter {
      name   = "tag:aws:autoscaling:groupName"
      values = ["web"]
    }
  }
  assert {
    condition     = length(data.aws_instances.web_checked.ids) >= var.min_running
    error_message = "web: ${length(data.aws_instances.web_checked.ids)} instances running"
  }
}
output "ids" { value = data.aws_instances.web.ids }
output "region" { value = data.aws_instances.web.id }
output "vcpus" { value = data.aws_servicequotas_service_quota.vcpus.value }
`

// TestDataSourcesAnswerFromTheFleetFile: Terraform reads aws_instances and
// aws_servicequotas_service_quota from the file named by
// $HOTSHOW_AWS_STANDIN_FLEET, again on each run, in a check block as at
// the top level; a quota the file does not list fails the run.
func TestDataSourcesAnswerFromTheFleetFile(t *testing.T) {
	t.Parallel()
	fleet := filepath.Join(t.TempDir(), "fleet.json")
	tf, _ := workdir(t, fleetTF, map[string]string{awsstandin.FleetEnv: fleet})
	ctx := context.Background()
	require.NoError(t, awsstandin.WriteFleet(fleet, awsstandin.Fleet{
		Running: map[string]int{"web": 2},
		Quotas:  map[string]float64{"ec2/L-1216C47A": 64},
	}))

	outputs := func() map[string]any {
		t.Helper()
		out, err := tf.Output(ctx)
		require.NoError(t, err)
		got := map[string]any{}
		for k, v := range out {
			var g any
			require.NoError(t, json.Unmarshal(v.Value, &g))
			got[k] = g
		}
		return got
	}
	checkStatus := func() tfjson.CheckStatus {
		t.Helper()
		planFile := filepath.Join(t.TempDir(), "plan")
		_, err := tf.Plan(ctx, tfexec.Var("min_running=4"), tfexec.Out(planFile))
		require.NoError(t, err, "a failing check warns, it does not fail the plan")
		plan, err := tf.ShowPlanFile(ctx, planFile)
		require.NoError(t, err)
		for _, c := range plan.Checks {
			if c.Address.Kind == tfjson.CheckKindCheckBlock && c.Address.Name == "web_in_service" {
				return c.Status
			}
		}
		t.Fatal("no web_in_service check in the plan")
		return ""
	}

	require.NoError(t, tf.Apply(ctx, tfexec.Var("min_running=0")))
	got := outputs()
	assert.Len(t, got["ids"], 2)
	assert.Equal(t, "ap-southeast-2", got["region"])
	assert.Equal(t, 64.0, got["vcpus"])
	assert.Equal(t, tfjson.CheckStatusFail, checkStatus(), "2 running, 4 wanted")

	require.NoError(t, awsstandin.WriteFleet(fleet, awsstandin.Fleet{
		Running: map[string]int{"web": 6},
		Quotas:  map[string]float64{"ec2/L-1216C47A": 128},
	}))
	require.NoError(t, tf.Apply(ctx, tfexec.Var("min_running=0")))
	got = outputs()
	assert.Len(t, got["ids"], 6, "the file is read again")
	assert.Equal(t, 128.0, got["vcpus"])
	assert.Equal(t, tfjson.CheckStatusPass, checkStatus(), "6 running, 4 wanted")

	require.NoError(t, awsstandin.WriteFleet(fleet, awsstandin.Fleet{Running: map[string]int{"web": 6}}))
	err := tf.Apply(ctx, tfexec.Var("min_running=0"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading Service Quotas Service Quota (ec2/L-1216C47A)")
	assert.Contains(t, err.Error(), awsstandin.FleetEnv)
}
