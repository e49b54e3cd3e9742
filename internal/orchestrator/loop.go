package orchestrator

import (
	"context"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The events jobs send back to the scheduler's goroutine when they finish.
type (
	// discovered: a discovery read the stack's shows.
	discovered struct {
		stack string
		state showstate.State
		at    time.Time
	}
	// discoveryFailed: a discovery failed; it is retried after RetryBackoff.
	discoveryFailed struct {
		stack string
		err   error
		at    time.Time
	}
	// ran: a run of the stack finished, settled or not.
	ran struct {
		result Result
		at     time.Time
	}
	// reminded: a reminder was sent (or left to another replica).
	reminded struct {
		stack, key string
	}
)

// Run is the daemon: it discovers every stack's shows, catches each stack up
// to the capacity of now, then sleeps until the next transition, retry,
// discovery or reminder, until ctx ends. On ctx's end it starts no new job,
// lets in-flight applies finish (for at most ShutdownGrace) and returns.
//
// One goroutine owns every stack's state; jobs (discoveries, runs and
// reminders) run in goroutines, at most Parallelism at once and never two
// for one stack.
func (o *Orchestrator) Run(ctx context.Context) error {
	applyCtx, stop := o.applyContext(ctx)
	defer stop()
	states := o.initialStates(ctx)
	events := make(chan any)
	inflight, stopping := 0, false
	done := ctx.Done()
	for {
		now := o.clock.Now()
		if !stopping {
			inflight += o.dispatch(ctx, applyCtx, states, now, o.cfg.Parallelism-inflight, events)
		} else if inflight == 0 {
			o.log.Info("stopped")
			return nil
		}
		select {
		case <-done:
			o.log.Info("stopping: no new runs; waiting for runs in progress", "in_flight", inflight)
			stopping, done = true, nil
		case ev := <-events:
			inflight--
			o.handle(states, ev)
		case <-o.clock.AfterAt(o.nextWake(states, now)):
		}
	}
}

// applyContext returns the context applies run under: it ends ShutdownGrace
// after ctx does, never at once, so a shutdown does not kill Terraform
// mid-apply.
func (o *Orchestrator) applyContext(ctx context.Context) (context.Context, context.CancelFunc) {
	applyCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	go func() {
		select {
		case <-applyCtx.Done():
			return
		case <-ctx.Done():
		}
		select {
		case <-applyCtx.Done():
		case <-o.clock.After(o.cfg.ShutdownGrace):
			o.log.Info("shutdown grace over: interrupting applies still in progress", "grace", o.cfg.ShutdownGrace)
			cancel()
		}
	}()
	return applyCtx, cancel
}

// initialStates reads from the ledger the latest instant settled for each
// stack, so a restart does not repeat final runs.
func (o *Orchestrator) initialStates(ctx context.Context) map[string]*stackState {
	states := map[string]*stackState{}
	for _, s := range o.cfg.Stacks {
		st := &stackState{cfg: s}
		runs, err := o.store.Runs(ctx, s.Name, ledgerWindow)
		if err != nil {
			o.log.Error(err, "reading the ledger", "stack", s.Name)
		}
		for _, r := range runs {
			if r.Outcome.Final() && r.Instant.After(st.settled) {
				st.settled = r.Instant
			}
		}
		states[s.Name] = st
	}
	return states
}

// dispatch starts up to slots jobs, for each stack the first it needs of a
// discovery, a run and a reminder. It returns how many it started.
func (o *Orchestrator) dispatch(ctx, applyCtx context.Context, states map[string]*stackState, now time.Time, slots int, events chan<- any) int {
	started := 0
	for _, s := range o.cfg.Stacks {
		st := states[s.Name]
		if started >= slots || st.running {
			continue
		}
		if st.needsDiscovery(now) {
			go o.discoverJob(ctx, s, events)
		} else if instant, ok := st.due(now); ok {
			go o.transitionJob(ctx, applyCtx, s, instant, st.attempt(instant), events)
		} else if r, ok := st.dueReminder(now); ok {
			go o.reminderJob(ctx, s, r, events)
		} else {
			continue
		}
		st.running, started = true, started+1
	}
	return started
}

func (o *Orchestrator) discoverJob(ctx context.Context, s config.Stack, events chan<- any) {
	st, err := o.Discover(ctx, s)
	if err != nil {
		events <- discoveryFailed{stack: s.Name, err: err, at: o.clock.Now()}
		return
	}
	events <- discovered{stack: s.Name, state: st, at: o.clock.Now()}
}

func (o *Orchestrator) transitionJob(ctx, applyCtx context.Context, s config.Stack, instant time.Time, attempt int, events chan<- any) {
	res := o.RunStack(ctx, applyCtx, s, instant, attempt)
	o.finished(res)
	events <- ran{result: res, at: o.clock.Now()}
}

// handle folds a finished job into its stack's state.
func (o *Orchestrator) handle(states map[string]*stackState, ev any) {
	switch ev := ev.(type) {
	case discovered:
		st := states[ev.stack]
		st.running, st.discovered = false, true
		o.showsRead(st, ev.state, ev.at)
	case discoveryFailed:
		st := states[ev.stack]
		st.running, st.discoverAt = false, ev.at.Add(o.cfg.RetryBackoff)
		o.live.discoveryFailed(ev.stack, ev.err)
		o.log.Error(ev.err, "discovery failed", "stack", ev.stack, "retry_in", o.cfg.RetryBackoff)
	case ran:
		st := states[ev.result.Stack]
		st.running = false
		o.handleRun(st, ev.result, ev.at)
	case reminded:
		st := states[ev.stack]
		st.running = false
		if st.reminded == nil {
			st.reminded = map[string]bool{}
		}
		st.reminded[ev.key] = true
	}
}

// showsRead takes in a stack's shows, read by a discovery or after an apply.
func (o *Orchestrator) showsRead(st *stackState, shows showstate.State, at time.Time) {
	st.transitions, st.discoverAt = timeline.Transitions(shows.Shows), at.Add(o.cfg.ResyncInterval)
	st.reminders = nil
	if o.notifier.Wants(notify.EventReminder) {
		st.reminders = reminders(shows.Shows)
	}
	o.live.discovered(st.cfg.Name, &shows, at)
}

func (o *Orchestrator) handleRun(st *stackState, r Result, at time.Time) {
	if r.Shows != nil {
		o.showsRead(st, *r.Shows, at)
	}
	if r.Settled {
		st.settled, st.failed, st.attempts = maxTime(st.settled, r.Instant), time.Time{}, 0
		return
	}
	if !r.Instant.Equal(st.failed) {
		st.failed, st.attempts = r.Instant, 0
	}
	st.attempts++
	st.retryAt = at.Add(backoff(st.attempts, o.cfg.RetryBackoff, o.cfg.RetryMax))
}

// nextWake is the earliest instant a stack not busy needs attention.
func (o *Orchestrator) nextWake(states map[string]*stackState, now time.Time) time.Time {
	wake := now.Add(o.cfg.ResyncInterval)
	for _, st := range states {
		if st.running {
			continue
		}
		if w := st.wake(now); w.Before(wake) {
			wake = w
		}
	}
	return wake
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
