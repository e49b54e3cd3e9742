package tfrun

import (
	"maps"
	"slices"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// env is the environment Terraform runs with for a stack, on top of the
// orchestrator's own: the stack's env, no update check, and, when instant
// is not zero, the instant the provider evaluates shows at.
func env(s config.Stack, instant time.Time) map[string]string {
	out := map[string]string{"CHECKPOINT_DISABLE": "1"}
	maps.Copy(out, s.Env)
	if !instant.IsZero() {
		out[timeline.EnvAsOf] = instant.UTC().Format(time.RFC3339Nano)
	}
	return out
}

// planOptions are a scheduled plan's: into planFile, holding the state
// lock (failing at once when someone else holds it: the caller waits, see
// IsLocked), with the stack's variable files in order and its variables sorted
// by name (the same command line every time); targeted at the resources
// targets names, when there are any.
func planOptions(s config.Stack, planFile string, targets []string) []tfexec.PlanOption {
	opts := []tfexec.PlanOption{tfexec.Out(planFile), tfexec.Lock(true), tfexec.LockTimeout("0s")}
	for _, t := range targets {
		opts = append(opts, tfexec.Target(t))
	}
	for _, f := range s.VarFiles {
		opts = append(opts, tfexec.VarFile(f))
	}
	for _, k := range slices.Sorted(maps.Keys(s.Vars)) {
		opts = append(opts, tfexec.Var(k+"="+s.Vars[k]))
	}
	return opts
}

// checkPlanOptions are a readiness evaluation's: a scheduled plan's, in
// refresh-only mode, so that it proposes no change of any resource while
// reading what the checks read. It holds the state lock as briefly as any
// plan (failing at once when someone else holds it: the caller waits).
func checkPlanOptions(s config.Stack, planFile string) []tfexec.PlanOption {
	return append(planOptions(s, planFile, nil), tfexec.RefreshOnly(true))
}

// applyOptions apply exactly the saved plan, holding the state lock. An
// apply that finds the lock held by someone else fails at once (before any
// change) and the orchestrator tries again every second, as it does for a
// plan, so that the wait is measured and the apply follows the release
// within a second rather than Terraform's growing retry delays.
func applyOptions(planFile string) []tfexec.ApplyOption {
	return []tfexec.ApplyOption{tfexec.DirOrPlan(planFile), tfexec.Lock(true), tfexec.LockTimeout("0s")}
}
