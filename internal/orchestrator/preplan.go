package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
)

// This file is the daemon's pre-planning: ahead of a transition, the stack's
// lease is taken and its instant planned (HOTSHOW_AS_OF = the instant),
// read back and checked against the policy; at the instant only the apply
// of exactly that plan is left. Terraform refuses to apply a saved plan
// whose state changed since (CI applied in between): the run then plans
// again at once and the ledger says why.

// prepared is a plan made ahead of its transition's instant, kept with the
// stack's lease until the instant.
type prepared struct {
	instant time.Time
	runner  tfrun.Runner
	dir     string // holds the plan file; removed when the plan is applied or dropped
	keeper  *leaseKeeper
	plan    checked
	run     store.Run // the plan's part of the run: Preplanned, PlanTime, LockWait, PlanSHA256, Changed, Diff, Error
	serial  int64     // the state's serial read before the plan
}

// preplanned: a pre-plan job finished. prep is the plan to apply at the
// instant; nil when none was made (the run then plans at the instant), or
// when the plan was refused ahead (result holds the final run).
type preplanned struct {
	stack   string
	instant time.Time
	prep    *prepared
	result  Result
	serial  int64 // the state's serial the plan was made from
	at      time.Time
}

func (o *Orchestrator) preplanJob(ctx, applyCtx context.Context, s config.Stack, instant time.Time, reopened bool, events chan<- any) {
	prep, res, serial := o.preplan(ctx, applyCtx, s, instant, reopened)
	if res.Run.ID != "" {
		o.finished(res)
	}
	events <- preplanned{stack: s.Name, instant: instant, prep: prep, result: res, serial: serial, at: o.clock.Now()}
}

// preplan takes the stack's lease and plans instant ahead of it. A plan the
// policy refuses is recorded (final while the state stays at the serial it
// returns) and alerted at once, before the instant. Any failure leaves
// nothing behind: the run plans at the instant.
func (o *Orchestrator) preplan(ctx, applyCtx context.Context, s config.Stack, instant time.Time, reopened bool) (*prepared, Result, int64) {
	res := Result{Stack: s.Name, Instant: instant}
	lease, err := o.store.Acquire(ctx, s.Name, o.cfg.Holder, o.clock.Now(), o.cfg.LeaseTTL)
	if err != nil {
		res.Held, res.Err = errors.Is(err, store.ErrLeaseHeld), &StepError{Stack: s.Name, Step: "lease", Err: err}
		return nil, res, 0
	}
	p := &prepared{instant: instant, keeper: o.keepLease(applyCtx, lease)}
	o.live.lease(s.Name, true)
	drop := func(err error) (*prepared, Result, int64) {
		o.drop(context.WithoutCancel(ctx), s.Name, p)
		res.Err = err
		return nil, res, 0
	}
	if done, err := o.settledElsewhere(ctx, p.keeper.current(), s.Name, instant, reopened); err != nil || done {
		res.Settled = done
		return drop(err)
	}
	if p.runner, err = o.runnerFor(ctx, s); err != nil {
		return drop(&StepError{Stack: s.Name, Step: "init", Err: err})
	}
	// The serial before the plan: a plan without changes is kept only while
	// the state stays at it (a state read after the plan could be newer).
	st, err := o.Discover(ctx, s)
	if err != nil {
		return drop(err)
	}
	if p.dir, err = os.MkdirTemp("", "hotshow-preplan-"); err != nil {
		return drop(&StepError{Stack: s.Name, Step: "plan", Err: err})
	}
	p.serial = st.Serial
	p.run = store.Run{Stack: s.Name, Instant: instant, Preplanned: o.clock.Now()}
	p.plan = o.checkedPlan(ctx, s.Name, p.runner, p.dir, &p.run)
	switch {
	case p.plan.err != nil:
		return drop(&StepError{Stack: s.Name, Step: p.plan.step, Err: p.plan.err})
	case p.plan.outcome == store.OutcomeRefused:
		run := p.run
		run.ID, run.Attempt, run.Holder, run.Token = store.NewRunID(run.Preplanned, o.cfg.Holder), 1, o.cfg.Holder, p.keeper.current().Token
		run.Started, run.Finished, run.Outcome = run.Preplanned, o.clock.Now(), store.OutcomeRefused
		if err := o.store.Record(ctx, p.keeper.current(), run); err != nil {
			return drop(&StepError{Stack: s.Name, Step: "record", Err: err})
		}
		res.Run, res.Settled = run, true
		o.drop(context.WithoutCancel(ctx), s.Name, p)
		return nil, res, p.serial
	}
	o.log.Info("planned ahead", "stack", s.Name, "instant", instant.UTC().Format(time.RFC3339), "in", instant.Sub(o.clock.Now()).Round(time.Millisecond),
		"changed", p.run.Changed, "plan", p.run.PlanTime.Round(time.Millisecond))
	return p, res, p.serial
}

// drop gives up a plan made ahead: its lease is released and its file
// removed.
func (o *Orchestrator) drop(ctx context.Context, stack string, p *prepared) {
	lease := p.keeper.stop()
	o.live.lease(stack, false)
	if err := o.store.Release(ctx, lease); err != nil {
		o.log.Error(err, "releasing the lease", "stack", stack)
	}
	if p.dir != "" {
		_ = os.RemoveAll(p.dir)
	}
}

func (o *Orchestrator) preparedJob(ctx, applyCtx context.Context, s config.Stack, p *prepared, attempt int, events chan<- any) {
	res := o.runPrepared(ctx, applyCtx, s, p, attempt)
	o.finished(res)
	events <- ran{result: res, at: o.clock.Now()}
}

// runPrepared is the run of a plan made ahead, at its instant: it confirms
// the lease, records the run and applies the plan. A plan Terraform refuses
// as stale, or one without changes whose state moved since, is planned
// again at once, and the run's Replanned says so.
func (o *Orchestrator) runPrepared(ctx, applyCtx context.Context, s config.Stack, p *prepared, attempt int) Result {
	defer o.drop(context.WithoutCancel(ctx), s.Name, p)
	res := Result{Stack: s.Name, Instant: p.instant}
	keeper := p.keeper
	// The run starts once its lease is confirmed: the wait for a store
	// that does not answer counts as lag, as it does for a run that takes
	// its lease at the instant.
	if err := keeper.renew(ctx); err != nil {
		res.Err = &StepError{Stack: s.Name, Step: "lease", Err: err}
		return res
	}
	started := o.clock.Now()
	run := p.run
	run.ID, run.Attempt, run.Holder, run.Token = store.NewRunID(started, o.cfg.Holder), attempt, o.cfg.Holder, keeper.current().Token
	run.Started, run.Lag, run.Outcome = started, started.Sub(p.instant), store.OutcomeRunning
	if err := o.store.Record(ctx, keeper.current(), run); err != nil {
		res.Err = &StepError{Stack: s.Name, Step: "record", Err: err}
		return res
	}
	run = o.applyPrepared(ctx, applyCtx, s, p, run, &res)
	run.Finished = o.clock.Now()
	if err := o.store.Record(context.WithoutCancel(ctx), keeper.current(), run); err != nil {
		res.Err = errors.Join(res.Err, &StepError{Stack: s.Name, Step: "record", Err: err})
	}
	res.Run, res.Settled = run, run.Outcome.Final()
	return res
}

func (o *Orchestrator) applyPrepared(ctx, applyCtx context.Context, s config.Stack, p *prepared, run store.Run, res *Result) store.Run {
	made := run.Preplanned.UTC().Format(time.RFC3339)
	if p.plan.outcome == store.OutcomeNoChanges {
		st, err := o.Discover(ctx, s)
		switch {
		case err != nil:
			run.Replanned = fmt.Sprintf("the plan made at %s changed nothing, and the state could not be read to confirm it (%s): planned again", made, err)
		case st.Serial != p.serial:
			run.Replanned = fmt.Sprintf("the plan made at %s changed nothing, but the state moved since (serial %d, now %d): planned again", made, p.serial, st.Serial)
		default:
			run.Outcome = store.OutcomeNoChanges
			return run
		}
		return o.replan(ctx, applyCtx, s, run, res, p.keeper)
	}
	run = o.applyPlan(ctx, applyCtx, s, p.runner, p.plan, run, res, p.keeper)
	if run.Outcome == store.OutcomeFailed && isStalePlan(res.Err) {
		run.Replanned = fmt.Sprintf("the plan made at %s was stale: the state changed after it (Terraform refused it: %s); planned again", made, firstLine(res.Err))
		run.Error, res.Err = "", nil
		return o.replan(ctx, applyCtx, s, run, res, p.keeper)
	}
	return run
}

// replan is a prepared run planned again at the instant, as if it had not
// been planned ahead (its Preplanned and Replanned stay).
func (o *Orchestrator) replan(ctx, applyCtx context.Context, s config.Stack, run store.Run, res *Result, keeper *leaseKeeper) store.Run {
	o.log.Info("planning again at the instant", "stack", s.Name, "instant", run.Instant.UTC().Format(time.RFC3339), "why", run.Replanned)
	run.LockWait, run.PlanTime, run.ApplyTime, run.PlanAge, run.PlanSHA256, run.Changed, run.Diff, run.Error = 0, 0, 0, 0, "", nil, nil, ""
	return o.planAndApply(ctx, applyCtx, s, run, res, keeper)
}

// isStalePlan reports whether err is Terraform's (or OpenTofu's) refusal
// to apply a saved plan whose state changed after it was made.
func isStalePlan(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Saved plan is stale")
}

func firstLine(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, "Saved plan is stale"); i >= 0 {
		msg = msg[i:]
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return strings.TrimSpace(msg)
}
