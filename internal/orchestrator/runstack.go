package orchestrator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
)

// Result is what a run of one stack came to.
type Result struct {
	Stack   string
	Instant time.Time
	Run     store.Run        // the recorded run; zero when none was recorded
	Settled bool             // the instant needs no further run: the run was final (store.Outcome.Final), or another replica's was
	Held    bool             // another replica holds the lease
	Shows   *showstate.State // the stack's shows as the apply left them; nil when not read
	Err     error
}

// RunStack converges one stack to the capacity of instant: lease, plan with
// HOTSHOW_AS_OF=instant into a private plan file, read it back, check the
// policy, apply exactly that plan, record. applyCtx bounds the apply alone,
// so that a shutdown (ctx done) never interrupts one.
func (o *Orchestrator) RunStack(ctx, applyCtx context.Context, s config.Stack, instant time.Time, attempt int) Result {
	return o.runStack(ctx, applyCtx, s, instant, attempt, false)
}

// runStack is RunStack; reopened says that a refusal recorded ahead of
// instant no longer stands (the state moved since), so that it does not
// settle the instant.
func (o *Orchestrator) runStack(ctx, applyCtx context.Context, s config.Stack, instant time.Time, attempt int, reopened bool) Result {
	return o.leasedRun(ctx, applyCtx, s, "", instant, attempt, reopened)
}

// calendarRun plans the calendar stack as of now and applies the plan,
// which may create, update and destroy hotshow_show records as the
// policy's show_changes allows: the calendar changed.
func (o *Orchestrator) calendarRun(ctx, applyCtx context.Context, s config.Stack) Result {
	return o.leasedRun(ctx, applyCtx, s, store.KindCalendar, time.Time{}, 1, false)
}

// leasedRun is a run of kind under the stack's lease: a transition's
// (kind "", for instant) or the calendar's (instant: when it starts).
func (o *Orchestrator) leasedRun(ctx, applyCtx context.Context, s config.Stack, kind string, instant time.Time, attempt int, reopened bool) Result {
	res := Result{Stack: s.Name, Instant: instant}
	lease, err := o.store.Acquire(ctx, s.Name, o.cfg.Holder, o.clock.Now(), o.cfg.LeaseTTL)
	if err != nil {
		res.Held, res.Err = errors.Is(err, store.ErrLeaseHeld), &StepError{Stack: s.Name, Step: "lease", Err: err}
		return res
	}
	keeper := o.keepLease(applyCtx, lease)
	o.live.lease(s.Name, true)
	defer func() {
		lease = keeper.stop()
		o.live.lease(s.Name, false)
		if err := o.store.Release(context.WithoutCancel(ctx), lease); err != nil {
			o.log.Error(err, "releasing the lease", "stack", s.Name)
		}
	}()
	if kind == "" {
		if done, err := o.settledElsewhere(ctx, keeper.current(), s.Name, instant, reopened); err != nil || done {
			res.Settled, res.Err = done, err
			return res
		}
	}
	started := o.clock.Now()
	id := store.NewRunID(started, o.cfg.Holder)
	if kind == store.KindCalendar {
		instant, id = started, id+"-calendar" // its own ID space: a transition's run may start at the same instant
		res.Instant = instant
	}
	run := store.Run{ID: id, Kind: kind, Stack: s.Name, Instant: instant, Attempt: attempt,
		Holder: o.cfg.Holder, Token: lease.Token, Started: started, Lag: started.Sub(instant), Outcome: store.OutcomeRunning}
	if err := o.store.Record(ctx, keeper.current(), run); err != nil {
		res.Err = &StepError{Stack: s.Name, Step: "record", Err: err}
		return res
	}
	run = o.planAndApply(ctx, applyCtx, s, run, &res, keeper)
	run.Finished = o.clock.Now()
	if kind == store.KindCalendar {
		run.Tickets = showKeys(run.Changed)
	}
	if err := o.store.Record(context.WithoutCancel(ctx), keeper.current(), run); err != nil {
		res.Err = errors.Join(res.Err, &StepError{Stack: s.Name, Step: "record", Err: err})
	}
	res.Run = run
	res.Settled = run.Outcome.Final()
	return res
}

// calendarChanged reports whether a run of the calendar stack at a
// transition was refused for hotshow_show changes alone, which calendar
// runs may make (show_changes = "calendar"): the calendar changed since the
// stack's last calendar run.
func (o *Orchestrator) calendarChanged(stack string, run *store.Run, refused []policy.Violation) bool {
	if run.Kind != "" || o.cfg.Calendar == nil || o.cfg.Calendar.Stack != stack || o.cfg.Policy.ShowChanges != policy.ShowChangesCalendar {
		return false
	}
	for _, v := range refused {
		if !strings.HasPrefix(v.Address, policy.ShowType+".") && !strings.Contains(v.Address, "."+policy.ShowType+".") {
			return false
		}
	}
	return true
}

// showKeys are the for_each keys (a calendar's tickets) of the
// hotshow_show resources among addresses.
func showKeys(addresses []string) []string {
	var out []string
	for _, a := range addresses {
		i := strings.Index(a, policy.ShowType+".")
		if i < 0 || !strings.HasSuffix(a, `"]`) {
			continue
		}
		if j := strings.LastIndex(a, `["`); j > i {
			out = append(out, a[j+2:len(a)-2])
		}
	}
	return out
}

// planAndApply does the Terraform part of a run at its instant and says how
// it ended.
func (o *Orchestrator) planAndApply(ctx, applyCtx context.Context, s config.Stack, run store.Run, res *Result, keeper *leaseKeeper) store.Run {
	r, err := o.runnerFor(ctx, s)
	if err != nil {
		return failed(run, res, s.Name, "init", err)
	}
	dir, err := os.MkdirTemp("", "hotshow-plan-")
	if err != nil {
		return failed(run, res, s.Name, "plan", err)
	}
	defer func() { _ = os.RemoveAll(dir) }()
	c := o.checkedPlan(ctx, s.Name, r, dir, &run)
	if c.err != nil {
		return failed(run, res, s.Name, c.step, c.err)
	}
	if c.outcome != "" {
		run.Outcome = c.outcome
		return run
	}
	return o.applyPlan(ctx, applyCtx, s, r, c, run, res, keeper)
}

// failed records a run's failure at step.
func failed(run store.Run, res *Result, stack, step string, err error) store.Run {
	res.Err = &StepError{Stack: stack, Step: step, Err: err}
	run.Outcome, run.Error = store.OutcomeFailed, res.Err.Error()
	return run
}

// checked is a plan of a run's instant, read back and checked against the
// policy: a plan file to apply (and the outcome its apply makes), or the
// outcome of a run that applies nothing, or the step that failed.
type checked struct {
	planFile string
	apply    store.Outcome // applied, or partial when the policy refused the rest
	outcome  store.Outcome // refused or no-changes: nothing to apply
	ready    time.Time     // when the plan was read and checked
	step     string
	err      error
}

// checkedPlan plans run's instant into dir, reads the plan back, checks the
// policy and, under on_refusal = "apply-allowed", plans the allowed
// resources alone. run gets the plan's times, hash, changes and diff, and
// the refusals in its error.
func (o *Orchestrator) checkedPlan(ctx context.Context, stack string, r tfrun.Runner, dir string, run *store.Run) checked {
	fail := func(step string, err error) checked { return checked{step: step, err: err} }
	planFile := filepath.Join(dir, "tfplan")
	changed, err := o.plan(ctx, stack, r, run.Instant, planFile, run)
	if err != nil {
		return fail("plan", err)
	}
	if run.PlanSHA256, err = fileSHA256(planFile); err != nil {
		return fail("plan", err)
	}
	plan, err := r.ShowPlan(ctx, planFile)
	if err != nil {
		return fail("show", err)
	}
	schemas, err := r.ProvidersSchema(ctx)
	if err != nil {
		return fail("schema", err)
	}
	pol := o.cfg.Policy
	if run.Kind == store.KindCalendar {
		pol = pol.ForCalendar()
	}
	var refused []policy.Violation
	run.Changed, refused = pol.Check(plan, schemas)
	if len(refused) > 0 && o.calendarChanged(stack, run, refused) {
		// The calendar changed after the stack's last calendar run (the
		// intake has just written it, or a row was written by hand): this
		// run carries the change, as the calendar run would have.
		pol = pol.ForCalendar()
		run.Changed, refused = pol.Check(plan, schemas)
		run.Tickets = showKeys(run.Changed)
		o.log.Info("the plan carries a calendar change: applied as a calendar run would be", "stack", stack, "instant", run.Instant, "tickets", run.Tickets)
	}
	run.Diff = policy.Diff(plan)
	apply := store.OutcomeApplied
	switch {
	case len(refused) > 0:
		run.Error = pol.Explain(refused)
		allowed := policy.Allowed(run.Changed, refused)
		if pol.OnRefusal != policy.ApplyAllowed || len(allowed) == 0 {
			o.log.Error(errors.New(run.Error), "plan refused by policy", "stack", stack, "instant", run.Instant)
			return checked{outcome: store.OutcomeRefused}
		}
		o.log.Error(errors.New(run.Error), "plan partly refused by policy; planning the allowed resources alone", "stack", stack, "instant", run.Instant, "allowed", allowed)
		var ok bool
		if planFile, ok, err = o.planAllowed(ctx, stack, r, pol, schemas, allowed, dir, run); err != nil {
			return fail("plan", fmt.Errorf("planning the allowed resources alone: %w (after %s)", err, run.Error))
		} else if !ok {
			return checked{outcome: store.OutcomeRefused}
		}
		if run.PlanSHA256, err = fileSHA256(planFile); err != nil {
			return fail("plan", err)
		}
		apply = store.OutcomePartial
	case !changed:
		return checked{outcome: store.OutcomeNoChanges, ready: o.clock.Now()}
	}
	// A plan that changes outputs alone is applied too, so that the
	// state's outputs follow the capacity.
	return checked{planFile: planFile, apply: apply, ready: o.clock.Now()}
}

// applyPlan applies c's plan file, never without the lease: it confirms the
// lease is still ours right before. run gets the apply's time, the plan's
// age and the instant → apply finished; res the shows as the apply left
// them.
func (o *Orchestrator) applyPlan(ctx, applyCtx context.Context, s config.Stack, r tfrun.Runner, c checked, run store.Run, res *Result, keeper *leaseKeeper) store.Run {
	if err := keeper.renew(ctx); err != nil {
		return failed(run, res, s.Name, "lease", err)
	}
	began, err := o.apply(ctx, applyCtx, s.Name, r, run.Instant, c.planFile, &run)
	end := o.clock.Now()
	run.PlanAge, run.ApplyTime = began.Sub(c.ready), end.Sub(began)
	if err != nil {
		return failed(run, res, s.Name, "apply", err)
	}
	run.Outcome, run.Requested = c.apply, end.Sub(run.Instant)
	if st, err := o.Discover(ctx, s); err == nil {
		res.Shows, run.Serial = &st, st.Serial
	}
	return run
}

// planAllowed plans again, targeted at the allowed resources, and checks
// that plan too (a target drags in what it depends on, which may be refused
// itself): it returns the plan file to apply, or false with run saying why
// nothing will be, or the error that stopped it. run keeps the first plan's
// refusals in its error and gets the targeted plan's changes and diff.
func (o *Orchestrator) planAllowed(ctx context.Context, stack string, r tfrun.Runner, pol policy.Policy, schemas *tfjson.ProviderSchemas, allowed []string, dir string, run *store.Run) (string, bool, error) {
	planFile := filepath.Join(dir, "tfplan-allowed")
	refusedAll := run.Error
	var step store.Run
	changed, err := o.plan(ctx, stack, r, run.Instant, planFile, &step, allowed...)
	run.LockWait, run.PlanTime = run.LockWait+step.LockWait, run.PlanTime+step.PlanTime
	if err != nil {
		return "", false, err
	}
	plan, err := r.ShowPlan(ctx, planFile)
	if err != nil {
		return "", false, err
	}
	var refused []policy.Violation
	run.Changed, refused = pol.Check(plan, schemas)
	run.Diff = policy.Diff(plan)
	switch {
	case len(refused) > 0:
		run.Error = refusedAll + "; the plan of the allowed resources alone was refused too: " + pol.Explain(refused)
	case !changed:
		run.Error = refusedAll + "; the plan of the allowed resources alone changes nothing"
	default:
		return planFile, true, nil
	}
	o.log.Error(errors.New(run.Error), "plan refused by policy", "stack", stack, "instant", run.Instant)
	return "", false, nil
}

// lockPoll is how often a plan or apply that found the state locked by someone else
// (CI mid-apply) tries again: the run goes on within lockPoll of the lock's
// release.
const lockPoll = time.Second

// plan writes the plan of instant into planFile, waiting for a state lock
// someone else holds (whileLocked); run gets the wait and the plan's time.
func (o *Orchestrator) plan(ctx context.Context, stack string, r tfrun.Runner, instant time.Time, planFile string, run *store.Run, targets ...string) (bool, error) {
	var changed bool
	began, waitFrom, err := o.whileLocked(ctx, stack, instant, 0, func() (err error) {
		changed, err = r.Plan(ctx, instant, planFile, targets...)
		return err
	})
	run.LockWait, run.PlanTime = began.Sub(waitFrom), o.clock.Now().Sub(began)
	if err != nil {
		return false, err
	}
	return changed, nil
}

// apply applies planFile (the apply fails at once, before any change, when
// the state is locked), waiting for a state lock someone else holds, for at
// most LockTimeout all told with the plan's wait; run.LockWait gets the
// wait. It returns when the apply that ran began.
func (o *Orchestrator) apply(ctx, applyCtx context.Context, stack string, r tfrun.Runner, instant time.Time, planFile string, run *store.Run) (time.Time, error) {
	began, waitFrom, err := o.whileLocked(ctx, stack, instant, run.LockWait, func() error { return r.Apply(applyCtx, instant, planFile) })
	run.LockWait += began.Sub(waitFrom)
	return began, err
}

// whileLocked calls try until it does not find the state locked by someone
// else (CI mid-apply), again every lockPoll, for at most LockTimeout less
// waitedBefore; it never forces or breaks the lock. It returns when the
// last try began and when the waiting began.
func (o *Orchestrator) whileLocked(ctx context.Context, stack string, instant time.Time, waitedBefore time.Duration, try func() error) (began, waitFrom time.Time, err error) {
	waitFrom = o.clock.Now()
	for waiting := false; ; waiting = true {
		began = o.clock.Now()
		err = try()
		if !tfrun.IsLocked(err) {
			return began, waitFrom, err
		}
		if waited := waitedBefore + o.clock.Now().Sub(waitFrom); waited >= o.cfg.LockTimeout {
			return began, waitFrom, fmt.Errorf("the state is still locked by someone else after %s (lock_timeout): %w", waited.Round(time.Second), err)
		}
		if !waiting {
			o.log.Info("the state is locked by someone else; waiting for it", "stack", stack, "instant", instant.UTC().Format(time.RFC3339), "lock_timeout", o.cfg.LockTimeout)
		}
		if err := o.clock.Sleep(ctx, lockPoll); err != nil {
			return began, waitFrom, err
		}
	}
}

// settledElsewhere marks runs left "running" by a holder that lost the lease
// as abandoned, and reports whether a run already settled instant (or a
// later one), as another replica may have done. With reopened, a refusal
// recorded ahead of instant does not settle it.
func (o *Orchestrator) settledElsewhere(ctx context.Context, l store.Lease, stack string, instant time.Time, reopened bool) (bool, error) {
	runs, err := o.store.Runs(ctx, stack, ledgerWindow)
	if err != nil {
		return false, &StepError{Stack: stack, Step: "ledger", Err: err}
	}
	done := false
	for _, r := range runs {
		if r.Outcome == store.OutcomeRunning {
			r.Outcome, r.Finished = store.OutcomeAbandoned, o.clock.Now()
			r.Error = fmt.Sprintf("%s stopped before the run finished; %s took the stack over", r.Holder, l.Holder)
			if err := o.store.Record(ctx, l, r); err != nil {
				return false, &StepError{Stack: stack, Step: "record", Err: err}
			}
			o.log.Error(errors.New(r.Error), "run abandoned", "stack", stack, "instant", r.Instant)
		}
		// A refusal recorded ahead of the instant being reopened stands no more.
		standsNoMore := reopened && r.Outcome == store.OutcomeRefused && r.Finished.Before(r.Instant) && r.Instant.Equal(instant)
		if r.Outcome.Final() && !r.Instant.Before(instant) && !standsNoMore {
			done = true
		}
	}
	return done, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
