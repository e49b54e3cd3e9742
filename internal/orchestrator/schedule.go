package orchestrator

import (
	"fmt"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// This file decides when a stack needs attention: a discovery, a run (and
// for which instant), or a reminder. It does no I/O; only the scheduler's
// goroutine (loop.go) touches a stackState.

// reminderLeads are how long before a show's first transition reminders
// are sent.
var reminderLeads = []time.Duration{24 * time.Hour, time.Hour}

// backoff is the delay before retry number attempt (1 for the first retry):
// base doubled each time, at most ceiling.
func backoff(attempt int, base, ceiling time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}

// stackState is what the scheduler knows of one stack.
type stackState struct {
	cfg         config.Stack
	transitions []time.Time
	discovered  bool      // at least once
	discoverAt  time.Time // when the next discovery is due: a resync, a retry after a failed one, a change seen
	stamp       string    // the state's stamp when its shows were last read (local backends)
	failedStamp string    // the stamp of the last failed read: not read again until it changes
	syncAsked   bool      // a sync was asked for since the last read began: read again after it
	settled     time.Time // latest instant whose run was final (store.Outcome.Final)
	running     bool      // a job of this stack is in progress
	failed      time.Time // instant of the last failed run, retried at retryAt
	attempts    int
	retryAt     time.Time
	reminders   []reminder
	reminded    map[string]bool // reminder keys sent
	prepared    *prepared       // a plan made ahead of the next transition, with the lease
	preplanned  time.Time       // the instant last planned ahead (made or not): not tried again
	planTimes   []time.Duration // the latest plan times (newest last), for the pre-planning lead
	// refusedAhead is a refusal recorded ahead of its instant: final only
	// while the state stays at the serial the plan was made from (CI may
	// apply a fix, or the plan may have caught CI between its checkout and
	// its apply).
	refusedAhead *refusal
	reopened     time.Time       // an instant refused ahead whose refusal no longer stands
	checkpoints  []checkpoint    // readiness evaluations before the shows' on-sales
	afterChecks  []checkpoint    // readiness evaluations after applied transitions
	checked      map[string]bool // checkpoint keys evaluated (or left to another replica)
	calendarDue  bool            // the calendar changed: a calendar run is due (at calendarAt, after a failed one)
	calendarAt   time.Time
}

// refusal is a plan refused ahead of its instant.
type refusal struct {
	instant       time.Time
	serial        int64
	settledBefore time.Time // the stack's settled instant before the refusal settled this one
}

// planTimesKept is how many of its latest plan times a stack's pre-planning
// lead is derived from.
const planTimesKept = 20

// planned adds a plan's time to those the lead is derived from.
func (s *stackState) planned(d time.Duration) {
	if d <= 0 {
		return
	}
	s.planTimes = append(s.planTimes, d)
	if n := len(s.planTimes); n > planTimesKept {
		s.planTimes = s.planTimes[n-planTimesKept:]
	}
}

// lead is how far ahead of a transition the stack is planned, from its
// slowest recent plan.
func (s *stackState) lead(p config.Preplan) time.Duration {
	return p.Lead(s.slowestPlan())
}

// slowestPlan is the slowest of the stack's latest plans.
func (s *stackState) slowestPlan() time.Duration {
	var slowest time.Duration
	for _, d := range s.planTimes {
		slowest = max(slowest, d)
	}
	return slowest
}

// preplanDue decides whether the stack's next transition should be planned
// now: within lead of it.
func (s *stackState) preplanDue(now time.Time, lead time.Duration) (time.Time, bool) {
	next, ok := s.toPreplan(now, lead)
	if !ok || now.Before(next.Add(-lead)) {
		return time.Time{}, false
	}
	return next, true
}

// toPreplan is the next transition, when it is to be planned ahead: with
// pre-planning on, not yet tried, and only once the latest instant passed
// is settled (a plan made before that run applied would be stale).
func (s *stackState) toPreplan(now time.Time, lead time.Duration) (time.Time, bool) {
	if lead <= 0 || s.running || !s.discovered || s.prepared != nil {
		return time.Time{}, false
	}
	if t, ok := timeline.Due(s.transitions, now); ok && t.After(s.settled) {
		return time.Time{}, false
	}
	next, ok := timeline.Next(s.transitions, now)
	if !ok || next.Equal(s.preplanned) || !next.After(s.settled) {
		return time.Time{}, false
	}
	return next, true
}

// needsDiscovery reports whether the stack's shows must be read now: at
// once on start (discoverAt is zero), then at each resync, or RetryBackoff
// after a failed discovery, the first one included.
func (s *stackState) needsDiscovery(now time.Time) bool {
	return !s.running && !now.Before(s.discoverAt)
}

// due decides whether the stack needs a run at now, and for which instant:
// the latest transition passed, unless a final run settled it (a refused
// instant is not retried: the plan would be refused again) or its retry is
// not yet due.
func (s *stackState) due(now time.Time) (time.Time, bool) {
	if s.running || !s.discovered {
		return time.Time{}, false
	}
	t, ok := timeline.Due(s.transitions, now)
	if !ok || !t.After(s.settled) {
		return time.Time{}, false
	}
	if t.Equal(s.failed) && now.Before(s.retryAt) {
		return time.Time{}, false
	}
	return t, true
}

// attempt numbers a run of instant: the next try of a failed one, else 1.
func (s *stackState) attempt(instant time.Time) int {
	if instant.Equal(s.failed) {
		return s.attempts + 1
	}
	return 1
}

// wake returns when the scheduler must next look at this stack: its next
// transition, the time to plan it ahead, its retry, its next discovery, its
// next reminder or readiness evaluation, whichever is first.
func (s *stackState) wake(now time.Time, lead, guard time.Duration) time.Time {
	w := s.discoverAt
	if next, ok := timeline.Next(s.transitions, now); ok && next.Before(w) {
		w = next
	}
	if next, ok := s.toPreplan(now, lead); ok && next.Add(-lead).Before(w) {
		w = next.Add(-lead)
		if w.Before(now) {
			w = now // dispatch plans it at once
		}
	}
	if t, ok := timeline.Due(s.transitions, now); ok && t.Equal(s.failed) && t.After(s.settled) && s.retryAt.Before(w) {
		w = s.retryAt
	}
	if r, ok := s.nextReminder(now); ok && r.Before(w) {
		w = r
	}
	if s.calendarDue && s.discovered && s.calendarAt.Before(w) {
		w = maxTime(s.calendarAt, now)
	}
	if c, ok := s.nextCheck(now); ok && c.Before(w) {
		w = c
	}
	if _, ok := s.dueCheck(now, guard); ok {
		w = now
	}
	return w
}

// reminder is a notice due before a show's first transition.
type reminder struct {
	key    string // unique per show, first transition and lead
	show   string
	first  time.Time
	before time.Duration
	at     time.Time // first - before
	until  time.Time // the next reminder's at, or first: later it is not worth sending
}

// reminders lists the reminders of every approved show.
func reminders(shows []timeline.Schedule) []reminder {
	var out []reminder
	for _, s := range shows {
		if !s.Approved || len(s.Steps) == 0 {
			continue
		}
		first := s.Steps[0].At
		for i, lead := range reminderLeads {
			r := reminder{show: s.Name, first: first, before: lead, at: first.Add(-lead), until: first}
			if i+1 < len(reminderLeads) {
				r.until = first.Add(-reminderLeads[i+1])
			}
			r.key = fmt.Sprintf("%s/%d/%s", s.Name, first.Unix(), lead)
			out = append(out, r)
		}
	}
	return out
}

// dueReminder returns a reminder to send now, if any.
func (s *stackState) dueReminder(now time.Time) (reminder, bool) {
	if s.running || !s.discovered {
		return reminder{}, false
	}
	for _, r := range s.reminders {
		if !r.at.After(now) && now.Before(r.until) && !s.reminded[r.key] {
			return r, true
		}
	}
	return reminder{}, false
}

// nextReminder is the instant of the first reminder still to come.
func (s *stackState) nextReminder(now time.Time) (time.Time, bool) {
	var next time.Time
	for _, r := range s.reminders {
		if r.at.After(now) && !s.reminded[r.key] && (next.IsZero() || r.at.Before(next)) {
			next = r.at
		}
	}
	return next, !next.IsZero()
}
