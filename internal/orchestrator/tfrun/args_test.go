package tfrun

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
)

var stack = config.Stack{Name: "s", Dir: "/stacks/s", VarFiles: []string{"/stacks/s/b.tfvars", "/stacks/s/a.tfvars"},
	Vars: map[string]string{"zone": "z", "region": "ap-southeast-2", "count": "3"}, Env: map[string]string{"AWS_PROFILE": "ops", "CHECKPOINT_DISABLE": "0"}}

func TestEnv(t *testing.T) {
	t.Parallel()
	instant := time.Date(2026, 12, 1, 9, 0, 0, 500, time.FixedZone("AEDT", 11*3600))
	assert.Equal(t, map[string]string{"CHECKPOINT_DISABLE": "0", "AWS_PROFILE": "ops", "HOTSHOW_AS_OF": "2026-11-30T22:00:00.0000005Z"}, env(stack, instant),
		"the instant in UTC to the nanosecond; the stack's env wins")
	assert.Equal(t, map[string]string{"CHECKPOINT_DISABLE": "1"}, env(config.Stack{}, time.Time{}), "no instant: no HOTSHOW_AS_OF")
}

func TestPlanOptions(t *testing.T) {
	t.Parallel()
	want := []tfexec.PlanOption{tfexec.Out("/tmp/p/tfplan"), tfexec.Lock(true), tfexec.LockTimeout("0s"),
		tfexec.VarFile("/stacks/s/b.tfvars"), tfexec.VarFile("/stacks/s/a.tfvars"),
		tfexec.Var("count=3"), tfexec.Var("region=ap-southeast-2"), tfexec.Var("zone=z")}
	for range 10 { // the same command line every time, whatever the map order
		assert.Equal(t, want, planOptions(stack, "/tmp/p/tfplan", nil))
	}
}

func TestPlanOptions_targets(t *testing.T) {
	t.Parallel()
	got := planOptions(config.Stack{}, "/tmp/p/tfplan", []string{"aws_ecs_service.api", `aws_autoscaling_group.web["a"]`})
	assert.Equal(t, []tfexec.PlanOption{tfexec.Out("/tmp/p/tfplan"), tfexec.Lock(true), tfexec.LockTimeout("0s"),
		tfexec.Target("aws_ecs_service.api"), tfexec.Target(`aws_autoscaling_group.web["a"]`)}, got)
}

func TestCheckPlanOptions(t *testing.T) {
	t.Parallel()
	got := checkPlanOptions(config.Stack{VarFiles: []string{"prod.tfvars"}}, "/tmp/p/checks")
	assert.Equal(t, []tfexec.PlanOption{tfexec.Out("/tmp/p/checks"), tfexec.Lock(true), tfexec.LockTimeout("0s"),
		tfexec.VarFile("prod.tfvars"), tfexec.RefreshOnly(true)}, got)
}

func TestApplyOptions(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []tfexec.ApplyOption{tfexec.DirOrPlan("/tmp/p/tfplan"), tfexec.Lock(true), tfexec.LockTimeout("0s")}, applyOptions("/tmp/p/tfplan"))
}
