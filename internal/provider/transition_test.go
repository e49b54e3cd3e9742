package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

// transitionConfig: a show whose warm phase starts at 2027-01-01T11:00:00Z
// and whose tail (a decrease) starts at 12:30:00Z, feeding a terraform_data.
const transitionConfig = `
terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}
resource "hotshow_show" "s" {
  name       = "Transition"
  on_sale_at = "2027-01-01T12:00:00Z"
  baseline   = { web = 2 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40 } },
    { name = "tail", start = "+30m", capacity = { web = 10 } },
  ]
  end = "+1h"
}
data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.s.schedule]
}
resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}
output "web" { value = terraform_data.web.output }
`

// TestAccShowResource_planBeforeApplyAfterTransition plans one second before
// a transition and applies that saved plan one second after it, with the real
// provider binary, as a CI pipeline that plans and then waits for approval
// does. Terraform must not report "Provider produced inconsistent final plan".
func TestAccShowResource_planBeforeApplyAfterTransition(t *testing.T) {
	t.Parallel()
	cli := tftest.Mirror(t)
	tf := tftest.Workdir(t, cli, map[string]string{"main.tf": transitionConfig}, nil)
	ctx := context.Background()

	// A new show: the data source's read is deferred to apply, so the
	// capacity is the apply instant's (after the warm phase starts).
	planApply(t, tf, cli, "2027-01-01T10:59:59Z", "2027-01-01T11:00:01Z")
	assert.Equal(t, "40", outputWeb(t, tf))

	// The show unchanged: the data source is read at plan time, and the saved
	// plan applies the plan instant's capacity, unchanged by the clock.
	planApply(t, tf, cli, "2027-01-01T12:29:59Z", "2027-01-01T12:30:01Z")
	assert.Equal(t, "40", outputWeb(t, tf))

	// The next run converges to the decrease.
	tftest.SetEnv(t, tf, cli, map[string]string{EnvAsOf: "2027-01-01T12:30:01Z"})
	changed, err := tf.Plan(ctx)
	require.NoError(t, err)
	assert.True(t, changed)
	require.NoError(t, tf.Apply(ctx))
	assert.Equal(t, "10", outputWeb(t, tf))
}

func planApply(t *testing.T, tf *tfexec.Terraform, cli, planAt, applyAt string) {
	t.Helper()
	ctx := context.Background()
	tftest.SetEnv(t, tf, cli, map[string]string{EnvAsOf: planAt})
	_, err := tf.Plan(ctx, tfexec.Out("tfplan"))
	require.NoError(t, err, "plan at %s", planAt)
	tftest.SetEnv(t, tf, cli, map[string]string{EnvAsOf: applyAt})
	require.NoError(t, tf.Apply(ctx, tfexec.DirOrPlan("tfplan")), "apply at %s of the plan made at %s", applyAt, planAt)
}

func outputWeb(t *testing.T, tf *tfexec.Terraform) string {
	t.Helper()
	out, err := tf.Output(context.Background())
	require.NoError(t, err)
	if v, ok := out["web"]; ok {
		return string(v.Value)
	}
	t.Fatalf("no output web in %v", out)
	return ""
}
