package orchestrator

import (
	"context"
	"time"
)

// event is a finished job, sent back to the scheduler goroutine.
type event struct {
	stack    string
	run      *Result    // a run finished
	sync     *ShowState // a discovery succeeded
	err      error      // a discovery failed
	reminded string     // a reminder was sent (or left to another replica)
	at       time.Time  // when the job finished
}

// Run is the daemon: it discovers every stack's shows, catches each stack up
// to the capacity of now, then sleeps until the next transition, retry or
// resync, until ctx ends. On ctx's end it starts no new job, lets in-flight
// applies finish (for at most ShutdownGrace) and returns.
//
// One goroutine owns every stack's state; jobs (discoveries and runs) run in
// goroutines, at most Parallelism at once and never two for one stack.
func (o *Orchestrator) Run(ctx context.Context) error {
	applyCtx, stop := o.applyContext(ctx)
	defer stop()
	states := o.initialStates(ctx)
	events := make(chan event)
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
			o.handle(states[ev.stack], ev)
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
// stack, so a restart does not repeat settled runs.
func (o *Orchestrator) initialStates(ctx context.Context) map[string]*stackState {
	states := map[string]*stackState{}
	for _, s := range o.cfg.Stacks {
		st := &stackState{cfg: s}
		runs, err := o.store.Runs(ctx, s.Name, 100)
		if err != nil {
			o.log.Error(err, "reading the ledger", "stack", s.Name)
		}
		for _, r := range runs {
			if (r.Outcome.Settled() || r.Outcome == OutcomeRefused) && r.Instant.After(st.settled) {
				st.settled = r.Instant
			}
		}
		states[s.Name] = st
	}
	return states
}

// dispatch starts up to slots jobs: discoveries that are due first, then
// runs. It returns how many it started.
func (o *Orchestrator) dispatch(ctx, applyCtx context.Context, states map[string]*stackState, now time.Time, slots int, events chan<- event) int {
	started := 0
	for _, s := range o.cfg.Stacks {
		st := states[s.Name]
		if started >= slots || st.running {
			continue
		}
		if !st.discovered || !now.Before(st.syncedAt.Add(o.cfg.ResyncInterval)) {
			st.running, started = true, started+1
			go o.discoverJob(ctx, s, events)
			continue
		}
		if instant, ok := st.due(now); ok {
			attempt := 1
			if instant.Equal(st.failed) {
				attempt = st.attempts + 1
			}
			st.running, started = true, started+1
			go o.runJob(ctx, applyCtx, s, instant, attempt, events)
			continue
		}
		if r, ok := st.dueReminder(now); ok {
			st.running, started = true, started+1
			go o.reminderJob(ctx, s, r, events)
		}
	}
	return started
}

func (o *Orchestrator) discoverJob(ctx context.Context, s StackConfig, events chan<- event) {
	st, err := o.Discover(ctx, s)
	ev := event{stack: s.Name, err: err, at: o.clock.Now()}
	if err == nil {
		ev.sync = &st
	}
	events <- ev
}

func (o *Orchestrator) runJob(ctx, applyCtx context.Context, s StackConfig, instant time.Time, attempt int, events chan<- event) {
	res := o.RunStack(ctx, applyCtx, s, instant, attempt)
	o.finished(res)
	events <- event{stack: s.Name, run: &res, at: o.clock.Now()}
}

// handle folds a finished job into its stack's state.
func (o *Orchestrator) handle(st *stackState, ev event) {
	st.running = false
	switch {
	case ev.reminded != "":
		if st.reminded == nil {
			st.reminded = map[string]bool{}
		}
		st.reminded[ev.reminded] = true
	case ev.sync != nil:
		st.transitions, st.discovered, st.syncedAt = Transitions(ev.sync.Shows), true, ev.at
		st.reminders = o.reminders(ev.sync.Shows)
		o.live.discovered(st.cfg.Name, ev.sync, ev.at)
	case ev.err != nil:
		o.live.discoveryFailed(st.cfg.Name, ev.err)
		o.log.Error(ev.err, "discovery failed", "stack", st.cfg.Name, "retry_in", o.cfg.RetryBackoff)
		// Try again after the retry delay rather than a whole resync interval.
		st.syncedAt = ev.at.Add(o.cfg.RetryBackoff - o.cfg.ResyncInterval)
	case ev.run != nil:
		o.handleRun(st, ev.run, ev.at)
	}
}

func (o *Orchestrator) handleRun(st *stackState, r *Result, at time.Time) {
	if r.Shows != nil {
		st.transitions, st.syncedAt = Transitions(r.Shows.Shows), at
		st.reminders = o.reminders(r.Shows.Shows)
		o.live.discovered(st.cfg.Name, r.Shows, at)
	}
	if r.Settled {
		st.settled, st.failed, st.attempts = maxTime(st.settled, r.Instant), time.Time{}, 0
		return
	}
	if !r.Instant.Equal(st.failed) {
		st.failed, st.attempts = r.Instant, 0
	}
	st.attempts++
	st.retryAt = at.Add(Backoff(st.attempts, o.cfg.RetryBackoff, o.cfg.RetryMax))
}

// nextWake is the earliest instant a stack not busy needs attention.
func (o *Orchestrator) nextWake(states map[string]*stackState, now time.Time) time.Time {
	wake := now.Add(o.cfg.ResyncInterval)
	for _, st := range states {
		if st.running {
			continue
		}
		if w := st.wake(now, o.cfg.ResyncInterval); w.Before(wake) {
			wake = w
		}
	}
	return wake
}

// finished logs, counts and alerts a finished run.
func (o *Orchestrator) finished(r Result) {
	o.logResult(r)
	o.metrics.observe(r)
	if o.notifier == nil {
		return
	}
	if a, ok := runAlert(r, o.phasesAt(r.Stack, r.Instant)); ok {
		o.notifier.send(a) // drops events no destination wants
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
				out = append(out, s.Name+" · "+st.Phase)
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
		if st, ok := o.store.(interface{ Stats() *StoreStats }); ok {
			kv = append(kv, "store_errors_total", st.Stats().Errors.Load())
		}
		o.log.Error(r.Err, "run failed", append(kv, "attempt", r.Run.Attempt, "lag", r.Run.Lag.Round(time.Millisecond))...)
	default:
		o.log.Info("run "+string(r.Run.Outcome), append(kv, "lag", r.Run.Lag.Round(time.Millisecond),
			"changed", r.Run.Changed, "diff", r.Run.Diff, "plan", r.Run.PlanTime.Round(time.Millisecond), "apply", r.Run.ApplyTime.Round(time.Millisecond))...)
	}
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
