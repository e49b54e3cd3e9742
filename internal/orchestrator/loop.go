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
	// discovered: a discovery read the stack's shows, from the state whose
	// stamp it saw before reading.
	discovered struct {
		stack string
		state showstate.State
		stamp string
		at    time.Time
	}
	// discoveryFailed: a discovery failed; it is retried after RetryBackoff,
	// or sooner when the state's stamp changes again.
	discoveryFailed struct {
		stack string
		err   error
		stamp string
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
	if o.calendar != nil {
		// Once at start, for what the calendar gained while no daemon ran.
		states[o.cfg.Calendar.Stack].calendarDue = true
		go o.pollCalendar(ctx)
	}
	events := make(chan any)
	inflight, stopping := 0, false
	done := ctx.Done()
	var watchAt time.Time // zero: no stack's state can be watched
	for {
		now := o.clock.Now()
		if !now.Before(watchAt) {
			watchAt = time.Time{}
			if o.watch(states, now) {
				watchAt = now.Add(o.cfg.WatchInterval)
			}
		}
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
			o.dropPrepared(ctx, states)
		case ev := <-events:
			inflight--
			o.handle(states, ev)
			if stopping { // a plan made ahead that finished after the stop is dropped too
				o.dropPrepared(ctx, states)
			}
		case <-o.syncSignal:
			for _, name := range o.takeSyncs() {
				states[name].discoverAt, states[name].syncAsked = now, true
			}
			if o.takeCalendar() {
				st := states[o.cfg.Calendar.Stack]
				st.calendarDue, st.calendarAt = true, now
			}
		case <-o.clock.AfterAt(o.nextWake(states, now, watchAt, !stopping && inflight < o.cfg.Parallelism)):
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
			if r.IsChecks() {
				st.evaluated(checkKey(r.Checkpoint, r.Instant))
				o.live.checksEvaluated(r)
				continue
			}
			if r.Outcome.Final() && r.Instant.After(st.settled) {
				st.settled = r.Instant
			}
			st.planned(r.PlanTime)
		}
		states[s.Name] = st
	}
	return states
}

// dispatch starts up to slots jobs: first, for each stack, a discovery, a
// due run or a calendar run; then, with the slots left, plans ahead of the
// next transitions, readiness evaluations and reminders. It returns how
// many it started.
func (o *Orchestrator) dispatch(ctx, applyCtx context.Context, states map[string]*stackState, now time.Time, slots int, events chan<- any) int {
	started := 0
	for _, s := range o.cfg.Stacks {
		st := states[s.Name]
		if started >= slots || st.running {
			continue
		}
		if st.needsDiscovery(now) {
			st.syncAsked = false // this read answers the syncs asked for so far
			go o.discoverJob(ctx, s, events)
		} else if instant, ok := st.due(now); ok {
			if p := st.prepared; p != nil {
				st.prepared = nil
				if p.instant.Equal(instant) {
					go o.preparedJob(ctx, applyCtx, s, p, st.attempt(instant), events)
					st.running, started = true, started+1
					continue
				}
				o.log.Info("dropping the plan made ahead: a later transition is due", "stack", s.Name, "planned", p.instant, "due", instant)
				o.drop(ctx, s.Name, p)
			}
			go o.transitionJob(ctx, applyCtx, s, instant, st.attempt(instant), instant.Equal(st.reopened), events)
		} else if st.calendarDue && st.discovered && !now.Before(st.calendarAt) {
			// Its apply changes the state: a plan made ahead would be stale.
			if p := st.prepared; p != nil {
				st.prepared, st.preplanned = nil, time.Time{}
				o.drop(ctx, s.Name, p)
			}
			st.calendarDue = false
			go o.calendarJob(ctx, applyCtx, s, events)
		} else {
			continue
		}
		st.running, started = true, started+1
	}
	for _, s := range o.cfg.Stacks {
		st := states[s.Name]
		if started >= slots || st.running {
			continue
		}
		if instant, ok := st.preplanDue(now, st.lead(o.cfg.Preplan)); ok {
			st.preplanned = instant
			go o.preplanJob(ctx, applyCtx, s, instant, instant.Equal(st.reopened), events)
		} else if cp, ok := st.dueCheck(now, st.checkGuard()); ok {
			var held *leaseKeeper
			if st.prepared != nil {
				held = st.prepared.keeper
			}
			go o.checksJob(ctx, s, cp, held, events)
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
	var stamp string
	r, err := o.runnerFor(ctx, s)
	if err == nil {
		stamp, _ = r.StateStamp() // before the read: a write after it changes the stamp again
	}
	st, err := o.Discover(ctx, s)
	if err != nil {
		events <- discoveryFailed{stack: s.Name, err: err, stamp: stamp, at: o.clock.Now()}
		return
	}
	events <- discovered{stack: s.Name, state: st, stamp: stamp, at: o.clock.Now()}
}

// watch asks for a discovery of every idle stack whose local state file
// changed since its shows were last read (CI applied), so that a show added
// or moved is known within WatchInterval. A file caught half-written does
// not parse; its stamp still differs, so it is read again at the next
// watch, until it parses; a stamp whose read failed (the stack directory
// gone) is left to the retry after RetryBackoff, so that due runs are not
// starved by reads that fail. It reports whether any stack can be watched.
func (o *Orchestrator) watch(states map[string]*stackState, now time.Time) bool {
	watching := false
	for name, st := range states {
		r := o.runners[name].ready()
		if r == nil {
			watching = watching || !st.discovered // not yet known
			continue
		}
		stamp, ok := r.StateStamp()
		watching = watching || ok
		if ok && !st.running && st.discovered && stamp != st.stamp && stamp != st.failedStamp && st.discoverAt.After(now) {
			o.log.Info("state changed: reading the shows again", "stack", name)
			st.discoverAt = now
		}
	}
	return watching
}

func (o *Orchestrator) transitionJob(ctx, applyCtx context.Context, s config.Stack, instant time.Time, attempt int, reopened bool, events chan<- any) {
	res := o.runStack(ctx, applyCtx, s, instant, attempt, reopened)
	o.finished(res)
	events <- ran{result: res, at: o.clock.Now()}
}

// handle folds a finished job into its stack's state.
func (o *Orchestrator) handle(states map[string]*stackState, ev any) {
	switch ev := ev.(type) {
	case discovered:
		st := states[ev.stack]
		st.running, st.discovered, st.stamp = false, true, ev.stamp
		o.showsRead(st, ev.state, ev.at)
		o.keepPrepared(st, ev.at)
		o.reviewRefusal(st, ev.state.Serial, ev.at)
	case discoveryFailed:
		st := states[ev.stack]
		st.running, st.discoverAt, st.failedStamp = false, ev.at.Add(o.cfg.RetryBackoff), ev.stamp
		o.live.discoveryFailed(ev.stack, ev.err)
		o.log.Error(ev.err, "discovery failed", "stack", ev.stack, "retry_in", o.cfg.RetryBackoff)
	case ran:
		st := states[ev.result.Stack]
		st.running = false
		st.planned(ev.result.Run.PlanTime)
		o.handleRun(st, ev.result, ev.at)
		o.transitionApplied(st, ev.result, ev.at)
	case calendarRan:
		st := states[ev.result.Stack]
		st.running = false
		if ev.result.Shows != nil {
			o.showsRead(st, *ev.result.Shows, ev.at)
			o.keepPrepared(st, ev.at)
		}
		if !ev.result.Settled && !st.calendarDue {
			st.calendarDue, st.calendarAt = true, ev.at.Add(o.cfg.RetryBackoff)
			o.log.Info("the calendar run did not settle: trying again", "stack", ev.result.Stack, "retry_in", o.cfg.RetryBackoff)
		}
	case checkedEvent:
		st := states[ev.stack]
		st.running = false
		st.evaluated(ev.key)
	case preplanned:
		st := states[ev.stack]
		st.running, st.prepared = false, ev.prep
		switch r := ev.result; {
		case r.Run.ID != "": // refused ahead: final while the state stays as it was
			st.planned(r.Run.PlanTime)
			st.refusedAhead = &refusal{instant: ev.instant, serial: ev.serial, settledBefore: st.settled}
			o.handleRun(st, r, ev.at)
		case ev.prep != nil:
			st.planned(ev.prep.run.PlanTime)
			o.keepPrepared(st, ev.at)
		case r.Held:
			o.log.Info("lease held by another orchestrator: not planning ahead", "stack", ev.stack, "instant", ev.instant.UTC().Format(time.RFC3339))
		case r.Err != nil:
			o.log.Error(r.Err, "planning ahead failed; the run will plan at the instant", "stack", ev.stack, "instant", ev.instant.UTC().Format(time.RFC3339))
		}
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
// A sync asked for while that read was under way may tell of a change made
// after it (CI's apply waits for the lock the run held): the stack is read
// again at once rather than at the next resync.
func (o *Orchestrator) showsRead(st *stackState, shows showstate.State, at time.Time) {
	st.transitions, st.discoverAt = timeline.Transitions(shows.Shows), at.Add(o.cfg.ResyncInterval)
	if st.syncAsked {
		st.discoverAt = at
	}
	st.reminders = nil
	if o.notifier.Wants(notify.EventReminder) {
		st.reminders = reminders(shows.Shows)
	}
	o.checksRead(st, len(shows.Checks) > 0, shows.Shows)
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

// keepPrepared drops the stack's plan made ahead when its instant is no
// longer the stack's next transition (the shows moved).
func (o *Orchestrator) keepPrepared(st *stackState, now time.Time) {
	p := st.prepared
	if p == nil {
		return
	}
	if next, ok := timeline.Next(st.transitions, now); ok && next.Equal(p.instant) {
		return
	}
	if due, ok := timeline.Due(st.transitions, now); ok && due.Equal(p.instant) {
		return // its instant has just come: the run applies it
	}
	o.log.Info("dropping the plan made ahead: its instant is no longer a transition of the stack", "stack", st.cfg.Name, "instant", p.instant.UTC().Format(time.RFC3339))
	st.prepared, st.preplanned = nil, time.Time{}
	o.drop(context.Background(), st.cfg.Name, p)
}

// reviewRefusal reopens an instant refused ahead of it when the state has
// moved since the refused plan (CI applied): the instant is planned again,
// ahead if there is still time, else at the instant.
func (o *Orchestrator) reviewRefusal(st *stackState, serial int64, now time.Time) {
	r := st.refusedAhead
	if r == nil {
		return
	}
	if !r.instant.After(now) {
		st.refusedAhead = nil // its instant has come: the refusal stands
		return
	}
	if serial == r.serial {
		return
	}
	o.log.Info("the state moved after a plan refused ahead of its instant: planning the instant again", "stack", st.cfg.Name,
		"instant", r.instant.UTC().Format(time.RFC3339), "serial", r.serial, "now", serial)
	st.refusedAhead, st.preplanned, st.reopened = nil, time.Time{}, r.instant
	if st.settled.Equal(r.instant) {
		st.settled = r.settledBefore
	}
}

// dropPrepared gives up every plan made ahead, on shutdown: their leases
// are released for another replica to run the instants.
func (o *Orchestrator) dropPrepared(ctx context.Context, states map[string]*stackState) {
	for name, st := range states {
		if st.prepared != nil {
			o.drop(context.WithoutCancel(ctx), name, st.prepared)
			st.prepared = nil
		}
	}
}

// nextWake is the earliest instant a stack not busy needs attention, or
// the next watch when a stack's state can be watched. Without a free slot,
// what is already due waits for a job to finish (its event wakes the loop).
func (o *Orchestrator) nextWake(states map[string]*stackState, now, watchAt time.Time, free bool) time.Time {
	wake := now.Add(o.cfg.ResyncInterval)
	if !watchAt.IsZero() && watchAt.Before(wake) {
		wake = watchAt
	}
	for _, st := range states {
		if st.running {
			continue
		}
		if w := st.wake(now, st.lead(o.cfg.Preplan), st.checkGuard()); w.Before(wake) && (free || w.After(now)) {
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

// RequestSync asks the running daemon to read the stack's shows again now
// (CI applied a change to its state). It never blocks; false when the stack
// is unknown.
func (o *Orchestrator) RequestSync(stack string) bool {
	if _, ok := o.runners[stack]; !ok {
		return false
	}
	o.syncMu.Lock()
	o.syncPending[stack] = true
	o.syncMu.Unlock()
	select {
	case o.syncSignal <- struct{}{}:
	default: // a signal is pending: it takes this request too
	}
	return true
}

// takeSyncs returns the stacks asked for since the last call.
func (o *Orchestrator) takeSyncs() []string {
	o.syncMu.Lock()
	defer o.syncMu.Unlock()
	out := make([]string, 0, len(o.syncPending))
	for name := range o.syncPending {
		out = append(out, name)
	}
	clear(o.syncPending)
	return out
}
