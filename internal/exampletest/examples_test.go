package exampletest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

const examples = "../../examples"

// workdir initialises a copy of an example directory.
func workdir(t *testing.T, example string) func(at string) map[string]json.RawMessage {
	t.Helper()
	tftest.TerraformPath(t) // skips without TF_ACC
	files := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(examples, example))
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tf") || strings.HasSuffix(e.Name(), ".csv") {
			b, err := os.ReadFile(filepath.Join(examples, example, e.Name()))
			require.NoError(t, err)
			files[e.Name()] = string(b)
		}
	}
	cli := tftest.Mirror(t)
	tf := tftest.Workdir(t, cli, files, nil)
	// apply applies the example as of instant at and returns its outputs.
	return func(at string) map[string]json.RawMessage {
		t.Helper()
		tftest.SetEnv(t, tf, cli, map[string]string{"HOTSHOW_AS_OF": at})
		require.NoError(t, tf.Apply(context.Background()), "apply as of %s", at)
		outs, err := tf.Output(context.Background())
		require.NoError(t, err)
		out := map[string]json.RawMessage{}
		for k, v := range outs {
			out[k] = v.Value
		}
		return out
	}
}

type target map[string]any

// TestLocalStack applies the twin of the AWS ticketing stack through the
// stadium on-sale (22:00Z, lead 10 m) and the overlapping arena one (23:00Z).
func TestLocalStack(t *testing.T) {
	t.Parallel()
	apply := workdir(t, "stacks/local")
	type want struct {
		web, api, read, write, lambda, queue int
		mode                                 string
		stadium, arena                       string
	}
	cases := []struct {
		at   string
		want want
		why  string
	}{
		{"2026-11-30T20:00:00Z", want{4, 2, 100, 50, 5, 1, "standard", "scheduled", "scheduled"}, "everyday capacity"},
		{"2026-11-30T20:55:00Z", want{40, 10, 2000, 500, 100, 2, "standard", "scheduled", "scheduled"}, "the stadium's warm-up, 10 minutes early (lead)"},
		{"2026-11-30T21:50:00Z", want{44, 17, 8000, 2000, 300, 6, "standard", "warm", "scheduled"}, "peak capacity ahead of the peak phase; web and api from hotshow_sizing"},
		{"2026-11-30T22:00:00Z", want{44, 17, 8000, 2000, 300, 6, "surge", "peak", "scheduled"}, "the stadium at peak: the waiting room surges"},
		{"2026-11-30T23:45:00Z", want{30, 12, 3000, 800, 120, 3, "standard", "tail", "peak"}, "the arena's peak outweighs the stadium's tail"},
		{"2026-12-01T01:30:00Z", want{4, 2, 100, 50, 5, 1, "standard", "ended", "ended"}, "back to everyday"},
	}
	for _, c := range cases {
		out := apply(c.at)
		var targets map[string]target
		require.NoError(t, json.Unmarshal(out["targets"], &targets))
		w := c.want
		assert.Equal(t, map[string]target{
			"aws_autoscaling_group.web":                           {"min_size": float64(w.web)},
			"aws_appautoscaling_target.api":                       {"min_capacity": float64(w.api)},
			"aws_dynamodb_table.orders":                           {"read_capacity": float64(w.read), "write_capacity": float64(w.write)},
			"aws_lambda_provisioned_concurrency_config.checkout":  {"provisioned_concurrent_executions": float64(w.lambda)},
			"aws_servicecatalog_provisioned_product.waiting_room": {"NodeCount": strconv.Itoa(w.queue), "Mode": w.mode},
		}, targets, "%s: %s", c.at, c.why)
		var phases map[string]string
		require.NoError(t, json.Unmarshal(out["phases"], &phases))
		assert.Equal(t, map[string]string{"Stadium Tour — Sydney N1": w.stadium, "Arena Comedy — Sydney N1": w.arena}, phases, c.at)
	}
}

// TestShowsFromCSV applies the CSV calendar: four rows, one unapproved, in
// three time zones.
func TestShowsFromCSV(t *testing.T) {
	t.Parallel()
	apply := workdir(t, "shows-from-csv")
	out := apply("2026-11-30T21:50:00Z")
	var onSale map[string]string
	require.NoError(t, json.Unmarshal(out["on_sale_utc"], &onSale))
	assert.Equal(t, map[string]string{
		"eras-syd-n1":  "2026-11-30T22:00:00Z", // 09:00 AEDT
		"eras-syd-n2":  "2026-12-01T22:00:00Z",
		"coldplay-mel": "2026-11-30T23:00:00Z", // 10:00 AEDT
		"comedy-bne":   "2026-11-30T22:00:00Z", // 08:00 AEST: Queensland keeps no daylight saving
	}, onSale)
	assertOut(t, out, "capacity", map[string]int{"web": 120, "api": 60})
	assertOut(t, out, "phases", map[string]string{
		"Eras Tour — Sydney N1": "warm", "Eras Tour — Sydney N2": "scheduled",
		"Coldplay, Melbourne": "unapproved", "Comedy Night — Brisbane": "scheduled",
	})

	out = apply("2026-11-30T23:10:00Z")
	assertOut(t, out, "capacity", map[string]int{"web": 120, "api": 60})
	assertOut(t, out, "phases", map[string]string{
		"Eras Tour — Sydney N1": "peak", "Eras Tour — Sydney N2": "scheduled",
		"Coldplay, Melbourne": "unapproved", "Comedy Night — Brisbane": "ended",
	})
	out = apply("2026-12-01T21:00:00Z")
	assertOut(t, out, "capacity", map[string]int{"web": 40, "api": 20})
}

func assertOut[T any](t *testing.T, out map[string]json.RawMessage, name string, want T) {
	t.Helper()
	var got T
	require.NoError(t, json.Unmarshal(out[name], &got), name)
	assert.Equal(t, want, got, name)
}

// TestLocalStackChecks evaluates the twin's readiness checks the way the
// orchestrator does (a refresh-only plan, read back as JSON) after
// applying the stadium's peak capacity: with what the "cloud" reports in
// fleet.json, three checks fail with their messages; without it, all pass.
func TestLocalStackChecks(t *testing.T) {
	t.Parallel()
	tftest.TerraformPath(t) // skips without TF_ACC
	files := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(examples, "stacks/local"))
	require.NoError(t, err)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tf") {
			b, err := os.ReadFile(filepath.Join(examples, "stacks/local", e.Name()))
			require.NoError(t, err)
			files[e.Name()] = string(b)
		}
	}
	cli := tftest.Mirror(t)
	tf := tftest.Workdir(t, cli, files, nil)
	tftest.SetEnv(t, tf, cli, map[string]string{"HOTSHOW_AS_OF": "2026-11-30T21:50:00Z"}) // peak capacity, ahead of the peak
	ctx := context.Background()
	require.NoError(t, tf.Apply(ctx))

	evaluate := func() map[string]string {
		t.Helper()
		planFile := filepath.Join(t.TempDir(), "checks")
		_, err := tf.Plan(ctx, tfexec.RefreshOnly(true), tfexec.Out(planFile))
		require.NoError(t, err)
		plan, err := tf.ShowPlanFile(ctx, planFile)
		require.NoError(t, err)
		got := map[string]string{}
		for _, c := range plan.Checks {
			if c.Address.Kind != tfjson.CheckKindCheckBlock {
				continue
			}
			got[c.Address.ToDisplay] = string(c.Status)
			for _, in := range c.Instances {
				for _, p := range in.Problems {
					got[c.Address.ToDisplay] += ": " + p.Message
				}
			}
		}
		return got
	}
	assert.Equal(t, map[string]string{
		"check.web_in_service":             "pass",
		"check.checkout_concurrency_ready": "pass",
		"check.waiting_room_available":     "pass",
		"check.ec2_vcpu_quota_covers_peak": "pass",
	}, evaluate(), "everything applied is in service")

	fleet := filepath.Join(tf.WorkingDir(), "fleet.json")
	require.NoError(t, os.WriteFile(fleet, []byte(`{"running": {"ticketing-web": 40}, "waiting_room_status": "UNDER_CHANGE", "vcpu_quota": 100}`), 0o644))
	assert.Equal(t, map[string]string{
		"check.web_in_service":             "fail: web: 40 instances running in ticketing-web, 44 scheduled",
		"check.checkout_concurrency_ready": "pass",
		"check.waiting_room_available":     "fail: waiting room ticketing-waiting-room is UNDER_CHANGE",
		"check.ec2_vcpu_quota_covers_peak": "fail: the On-Demand vCPU quota is 100: the stadium's peak needs 176 for web",
	}, evaluate(), "a capacity shortage, a waiting room still provisioning, a quota too small")

	require.NoError(t, os.Remove(fleet))
	for name, status := range evaluate() {
		assert.Equal(t, "pass", status, name)
	}
}
