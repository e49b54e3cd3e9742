package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Readiness checks: a stack's Terraform check blocks ("InService instances
// ≥ the scheduled minimum", "the quota covers the peak"), evaluated by a
// refresh-only plan that is never applied, at offsets before each show's
// on-sale and right after each applied transition. Applying capacity is
// not having it: these say so before the on-sale rather than after.

// checkpoint is a readiness evaluation due for some shows.
type checkpoint struct {
	key    string   // unique per offset (or transition) and instant
	label  string   // "-15m" (before the on-sale), "after peak" (after a transition)
	shows  []string // the shows it is for
	onSale time.Time
	// instant is what the ledger records it for: the offset's time, or the
	// transition it follows.
	instant time.Time
	at      time.Time // when it is due
	until   time.Time // later it is not worth making
}

// checkKey is the key of the checkpoint a ledger entry evaluated.
func checkKey(label string, instant time.Time) string {
	if strings.HasPrefix(label, "after ") {
		return fmt.Sprintf("after/%d", instant.Unix())
	}
	return fmt.Sprintf("%s/%d", label, instant.Unix())
}

// afterTransitionWindow is how long after an applied transition its
// evaluation may still start (the stack may be busy with the next one).
const afterTransitionWindow = 10 * time.Minute

// checkpoints lists the evaluations due before the on-sale of every
// approved show, one per offset and instant (shows going on sale together
// share it). Each is worth making until the next one, or the on-sale.
func checkpoints(shows []timeline.Schedule, at []time.Duration) []checkpoint {
	byKey := map[string]*checkpoint{}
	var keys []string
	for _, s := range shows {
		if !s.Approved || len(s.Steps) == 0 || s.OnSale.IsZero() {
			continue
		}
		for i, d := range at {
			t := s.OnSale.Add(d)
			until := s.OnSale
			if i+1 < len(at) {
				until = s.OnSale.Add(at[i+1])
			}
			until = maxTime(until, t.Add(time.Minute)) // an offset of 0s
			label := timeline.FormatOffset(d)
			key := checkKey(label, t)
			if cp := byKey[key]; cp != nil {
				cp.shows = append(cp.shows, s.Name)
				continue
			}
			byKey[key] = &checkpoint{key: key, label: label, shows: []string{s.Name}, onSale: s.OnSale, instant: t, at: t, until: until}
			keys = append(keys, key)
		}
	}
	out := make([]checkpoint, 0, len(keys))
	for _, k := range keys {
		out = append(out, *byKey[k])
	}
	slices.SortStableFunc(out, func(a, b checkpoint) int { return a.at.Compare(b.at) })
	return out
}

// afterTransition is the evaluation due right after instant's transition
// was applied, for the shows with a step at it (not their end: an ended
// show needs nothing more).
func afterTransition(shows []timeline.Schedule, instant, now time.Time) (checkpoint, bool) {
	cp := checkpoint{instant: instant, at: now, until: now.Add(afterTransitionWindow)}
	var phases []string
	for _, s := range shows {
		for _, st := range s.Steps {
			if s.Approved && st.At.Equal(instant) && st.Phase != timeline.PhaseEnded {
				cp.shows = append(cp.shows, s.Name)
				if !slices.Contains(phases, st.Phase) {
					phases = append(phases, st.Phase)
				}
				if cp.onSale.IsZero() || s.OnSale.Before(cp.onSale) {
					cp.onSale = s.OnSale
				}
			}
		}
	}
	cp.label = "after " + strings.Join(phases, ", ")
	cp.key = checkKey(cp.label, instant)
	return cp, len(cp.shows) > 0
}

// dueCheck returns an evaluation to make now, if any. None starts within
// guard of the next transition: it would delay the transition. It waits for
// the transition's run, after which it is made (if still worth it).
func (s *stackState) dueCheck(now time.Time, guard time.Duration) (checkpoint, bool) {
	if s.running || !s.discovered {
		return checkpoint{}, false
	}
	if t, ok := timeline.Due(s.transitions, now); ok && t.After(s.settled) {
		return checkpoint{}, false // a run is due first
	}
	if next, ok := timeline.Next(s.transitions, now); ok && next.Sub(now) < guard {
		return checkpoint{}, false
	}
	for _, cp := range s.allCheckpoints() {
		if !cp.at.After(now) && now.Before(cp.until) && !s.checked[cp.key] {
			return cp, true
		}
	}
	return checkpoint{}, false
}

// nextCheck is when the first evaluation still to come is due.
func (s *stackState) nextCheck(now time.Time) (time.Time, bool) {
	var next time.Time
	for _, cp := range s.allCheckpoints() {
		if cp.at.After(now) && !s.checked[cp.key] && (next.IsZero() || cp.at.Before(next)) {
			next = cp.at
		}
	}
	return next, !next.IsZero()
}

func (s *stackState) allCheckpoints() []checkpoint {
	return append(slices.Clip(s.checkpoints), s.afterChecks...)
}

// checkGuard is how close to its next transition a stack is left alone by
// evaluations: twice its slowest recent plan, so that an evaluation (a plan
// itself) is over before the transition's run begins. Farther ahead, an
// evaluation may run while a plan made ahead holds the lease, under it.
func (s *stackState) checkGuard() time.Duration {
	return 2 * s.slowestPlan()
}

// checksRead schedules the stack's evaluations from its shows, when the
// stack has check blocks (its state lists them).
func (o *Orchestrator) checksRead(st *stackState, hasChecks bool, shows []timeline.Schedule) {
	st.checkpoints = nil
	if hasChecks {
		st.checkpoints = checkpoints(shows, o.cfg.Checks.At)
	}
}

// transitionApplied schedules the evaluation right after an applied
// transition.
func (o *Orchestrator) transitionApplied(st *stackState, r Result, now time.Time) {
	if !o.cfg.Checks.After || (r.Run.Outcome != store.OutcomeApplied && r.Run.Outcome != store.OutcomePartial) {
		return
	}
	ls := o.live.get(st.cfg.Name)
	if ls.shows == nil || len(ls.shows.Checks) == 0 {
		return
	}
	if cp, ok := afterTransition(ls.shows.Shows, r.Instant, now); ok {
		st.afterChecks = append(slices.DeleteFunc(st.afterChecks, func(c checkpoint) bool { return !now.Before(c.until) }), cp)
	}
}

// checkedEvent: a readiness evaluation finished (or was left to another
// replica holding the lease).
type checkedEvent struct {
	stack string
	key   string
}

// checksJob evaluates the stack's checks for cp, records the evaluation
// and alerts on a check not passing, once per show and checkpoint. held,
// when not nil, is the lease a plan made ahead holds for the stack: the
// evaluation runs under it (a refresh-only plan writes no state, so the
// saved plan stays good) and leaves it held.
func (o *Orchestrator) checksJob(ctx context.Context, s config.Stack, cp checkpoint, held *leaseKeeper, events chan<- any) {
	run, err := o.evaluateChecks(ctx, s, cp, held)
	elsewhere := errors.Is(err, store.ErrLeaseHeld)
	switch {
	case elsewhere:
		o.log.Info("lease held by another orchestrator: leaving the readiness checks to it", "stack", s.Name, "checkpoint", cp.label)
	case err != nil:
		o.log.Error(err, "evaluating the readiness checks", "stack", s.Name, "checkpoint", cp.label, "shows", cp.shows)
	}
	if run.ID != "" {
		o.live.checksEvaluated(run)
		o.metrics.checksEvaluated(run)
		o.alertChecks(ctx, run, cp)
		o.log.Info("readiness checks "+string(run.Outcome), "stack", s.Name, "checkpoint", cp.label, "shows", cp.shows, "checks", summarize(run.Checks))
	}
	events <- checkedEvent{stack: s.Name, key: cp.key}
}

// evaluateChecks makes one evaluation under the stack's lease and records
// it in the ledger (keeper: a lease already held, else it takes one). The
// run's Instant is the checkpoint's.
func (o *Orchestrator) evaluateChecks(ctx context.Context, s config.Stack, cp checkpoint, keeper *leaseKeeper) (store.Run, error) {
	if keeper == nil {
		lease, err := o.store.Acquire(ctx, s.Name, o.cfg.Holder, o.clock.Now(), o.cfg.LeaseTTL)
		if err != nil {
			return store.Run{}, err
		}
		keeper = o.keepLease(ctx, lease)
		defer func() {
			if err := o.store.Release(context.WithoutCancel(ctx), keeper.stop()); err != nil {
				o.log.Error(err, "releasing the lease", "stack", s.Name)
			}
		}()
	}
	var err error
	lease := keeper.current()
	started := o.clock.Now()
	// Its own ID space: a transition's run may start at the same instant.
	run := store.Run{ID: store.NewRunID(started, o.cfg.Holder) + "-checks", Kind: store.KindChecks, Stack: s.Name, Instant: cp.instant, Attempt: 1,
		Holder: o.cfg.Holder, Token: lease.Token, Started: started, Lag: started.Sub(cp.instant), Outcome: store.OutcomeRunning,
		Shows: cp.shows, Checkpoint: cp.label}
	if err := o.store.Record(ctx, keeper.current(), run); err != nil {
		return store.Run{}, &StepError{Stack: s.Name, Step: "record", Err: err}
	}
	run.Checks, err = o.Checks(ctx, s, started, &run)
	run.Outcome = readiness(run.Checks)
	if err != nil {
		run.Outcome, run.Error = store.OutcomeFailed, err.Error()
	}
	run.Finished = o.clock.Now()
	if rerr := o.store.Record(context.WithoutCancel(ctx), keeper.current(), run); rerr != nil {
		return run, errors.Join(err, &StepError{Stack: s.Name, Step: "record", Err: rerr})
	}
	return run, err
}

// Checks evaluates the stack's check blocks as of instant, changing
// nothing: a refresh-only plan (waiting for a state lock someone else
// holds, as a run does), read back as JSON. It returns each check block's
// result, sorted by address; run, when not nil, gets the plan's time and
// lock wait.
func (o *Orchestrator) Checks(ctx context.Context, s config.Stack, instant time.Time, run *store.Run) ([]store.CheckResult, error) {
	if run == nil {
		run = &store.Run{}
	}
	r, err := o.runnerFor(ctx, s)
	if err != nil {
		return nil, &StepError{Stack: s.Name, Step: "init", Err: err}
	}
	dir, err := os.MkdirTemp("", "hotshow-checks-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	planFile := filepath.Join(dir, "checks")
	began, waitFrom, err := o.whileLocked(ctx, s.Name, instant, 0, func() error { return r.CheckPlan(ctx, instant, planFile) })
	run.LockWait, run.PlanTime = began.Sub(waitFrom), o.clock.Now().Sub(began)
	if err != nil {
		return nil, &StepError{Stack: s.Name, Step: "plan", Err: err}
	}
	plan, err := r.ShowPlan(ctx, planFile)
	if err != nil {
		return nil, &StepError{Stack: s.Name, Step: "show", Err: err}
	}
	return checkResults(plan), nil
}

// checkResults are the plan's check blocks' results (not the resources'
// and outputs' own conditions), sorted by address.
func checkResults(plan *tfjson.Plan) []store.CheckResult {
	var out []store.CheckResult
	for _, c := range plan.Checks {
		if c.Address.Kind != tfjson.CheckKindCheckBlock {
			continue
		}
		r := store.CheckResult{Address: c.Address.ToDisplay, Status: string(c.Status)}
		if r.Status == "" {
			r.Status = store.CheckUnknown
		}
		for _, in := range c.Instances {
			for _, p := range in.Problems {
				if !slices.Contains(r.Messages, p.Message) {
					r.Messages = append(r.Messages, p.Message)
				}
			}
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b store.CheckResult) int { return strings.Compare(a.Address, b.Address) })
	return out
}

// readiness is an evaluation's outcome: ready when every check passed.
func readiness(checks []store.CheckResult) store.Outcome {
	for _, c := range checks {
		if c.Status != store.CheckPass {
			return store.OutcomeNotReady
		}
	}
	return store.OutcomeReady
}

// summarize names each check with its status, for the log.
func summarize(checks []store.CheckResult) []string {
	out := make([]string, 0, len(checks))
	for _, c := range checks {
		out = append(out, c.Address+": "+c.Status)
	}
	return out
}

// alertChecks alerts on an evaluation that is not ready, once per show and
// checkpoint across restarts and replicas: a marker lease in the store,
// kept until an hour after the on-sale, says it was sent.
func (o *Orchestrator) alertChecks(ctx context.Context, run store.Run, cp checkpoint) {
	if o.notifier == nil || run.Outcome == store.OutcomeReady || !o.notifier.Wants(notify.EventChecks) {
		return
	}
	now := o.clock.Now()
	ttl := max(cp.onSale.Add(time.Hour).Sub(now), time.Hour)
	var shows []string
	for _, show := range run.Shows {
		key := fmt.Sprintf("checks-alert/%s/%s/%d/%s", run.Stack, show, cp.onSale.Unix(), cp.label)
		if _, err := o.store.Acquire(ctx, key, o.cfg.Holder, now, ttl); errors.Is(err, store.ErrLeaseHeld) {
			continue
		} else if err != nil {
			o.log.Error(err, "marking a readiness alert as sent; sending it anyway", "stack", run.Stack, "show", show)
		}
		shows = append(shows, show)
	}
	if len(shows) > 0 {
		if ls := o.live.get(run.Stack); ls.shows != nil {
			for i, show := range shows {
				shows[i] = show + ticketOf(ls.shows.Calendar, show)
			}
		}
		o.notifier.Send(notify.ChecksAlert(run, shows, cp.onSale))
	}
}

// evaluated marks a checkpoint as evaluated.
func (s *stackState) evaluated(key string) {
	if s.checked == nil {
		s.checked = map[string]bool{}
	}
	s.checked[key] = true
}

// Readiness is one stack's check blocks, evaluated on demand.
type Readiness struct {
	Stack  string              `json:"stack"`
	At     time.Time           `json:"at"`
	Ready  bool                `json:"ready"` // every check passed
	Checks []store.CheckResult `json:"checks"`
}

// Ready evaluates the check blocks of every stack (or the one named) as of
// at, changing nothing and recording nothing: the ready command.
func (o *Orchestrator) Ready(ctx context.Context, at time.Time, stack string) ([]Readiness, error) {
	var out []Readiness
	defer o.progress("", 0, 0)
	for i, s := range o.cfg.Stacks {
		if stack != "" && s.Name != stack {
			continue
		}
		o.progress("evaluating checks", i, len(o.cfg.Stacks))
		checks, err := o.Checks(ctx, s, at, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, Readiness{Stack: s.Name, At: at, Ready: readiness(checks) == store.OutcomeReady, Checks: append([]store.CheckResult{}, checks...)})
	}
	return out, nil
}
