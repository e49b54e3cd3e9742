package orchestrator

import (
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// finished logs, counts and alerts a finished run.
func (o *Orchestrator) finished(r Result) {
	o.logResult(r)
	o.metrics.observe(r)
	if o.notifier == nil {
		return
	}
	if a, ok := notify.RunAlert(r.Run, o.phasesAt(r.Stack, r.Instant)); ok {
		o.notifier.Send(a) // drops events no destination wants
	}
}

// phasesAt names the show phases that begin at instant, as "show · phase",
// from the stack's last discovery.
func (o *Orchestrator) phasesAt(stack string, instant time.Time) []string {
	ls := o.live.get(stack)
	if ls.shows == nil {
		return nil
	}
	var out []string
	for _, s := range ls.shows.Shows {
		for _, st := range s.Steps {
			if st.At.Equal(instant) && s.Approved {
				out = append(out, s.Name+ticketOf(ls.shows.Calendar, s.Name)+" · "+st.Phase)
			}
		}
	}
	return out
}

func (o *Orchestrator) logResult(r Result) {
	kv := []any{"stack", r.Stack, "instant", r.Instant.UTC().Format(time.RFC3339)}
	switch {
	case r.Held:
		o.log.Info("lease held by another orchestrator; will check again", append(kv, "error", r.Err)...)
	case r.Run.ID == "" && r.Settled:
		o.log.Info("already settled by another orchestrator", kv...)
	case r.Err != nil:
		if st, ok := o.store.(store.Counted); ok {
			kv = append(kv, "store_errors_total", st.Stats().Errors.Load())
		}
		o.log.Error(r.Err, "run failed", append(kv, "attempt", r.Run.Attempt, "lag", r.Run.Lag.Round(time.Millisecond))...)
	default:
		o.log.Info("run "+string(r.Run.Outcome), append(kv, "lag", r.Run.Lag.Round(time.Millisecond), "lock_wait", r.Run.LockWait.Round(time.Millisecond),
			"changed", r.Run.Changed, "diff", r.Run.Diff, "plan", r.Run.PlanTime.Round(time.Millisecond), "apply", r.Run.ApplyTime.Round(time.Millisecond),
			"requested", r.Run.Requested.Round(time.Millisecond), "plan_age", r.Run.PlanAge.Round(time.Millisecond), "replanned", r.Run.Replanned)...)
	}
}
