package orchestrator

import (
	"sort"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Transitions returns, in order and once each, every instant at which a
// show's phase or effective capacity changes.
func Transitions(shows []timeline.Schedule) []time.Time {
	var all []time.Time
	for _, s := range shows {
		if !s.Approved {
			continue
		}
		for _, st := range s.Steps {
			all = append(all, st.At)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Before(all[j]) })
	out := all[:0]
	for i, t := range all {
		if i == 0 || !t.Equal(all[i-1]) {
			out = append(out, t)
		}
	}
	return out
}

// Due returns the latest transition at or before now: the instant whose
// capacity is in force now. false when no transition has come yet.
func Due(transitions []time.Time, now time.Time) (time.Time, bool) {
	k := sort.Search(len(transitions), func(i int) bool { return transitions[i].After(now) })
	if k == 0 {
		return time.Time{}, false
	}
	return transitions[k-1], true
}

// Next returns the first transition after now.
func Next(transitions []time.Time, now time.Time) (time.Time, bool) {
	k := sort.Search(len(transitions), func(i int) bool { return transitions[i].After(now) })
	if k == len(transitions) {
		return time.Time{}, false
	}
	return transitions[k], true
}

// Backoff is the delay before retry number attempt (1 for the first retry):
// base doubled each time, at most ceiling.
func Backoff(attempt int, base, ceiling time.Duration) time.Duration {
	d := base
	for i := 1; i < attempt && d < ceiling; i++ {
		d *= 2
	}
	return min(d, ceiling)
}

// stackState is what the scheduler knows of one stack. Only the scheduler's
// goroutine touches it.
type stackState struct {
	cfg         StackConfig
	transitions []time.Time
	discovered  bool
	syncedAt    time.Time
	settled     time.Time // latest instant applied, found unchanged, or refused
	running     bool
	failed      time.Time // instant of the last failed run, retried at retryAt
	attempts    int
	retryAt     time.Time
	reminders   []reminder
	reminded    map[string]bool // reminder keys sent
}

// due decides whether the stack needs a run at now, and for which instant.
// A refused instant is not retried: the plan would be refused again.
func (s *stackState) due(now time.Time) (time.Time, bool) {
	if s.running || !s.discovered {
		return time.Time{}, false
	}
	t, ok := Due(s.transitions, now)
	if !ok || !t.After(s.settled) {
		return time.Time{}, false
	}
	if t.Equal(s.failed) && now.Before(s.retryAt) {
		return time.Time{}, false
	}
	return t, true
}

// wake returns when the scheduler must next look at this stack: its next
// transition, its retry, or its resync, whichever is first.
func (s *stackState) wake(now time.Time, resync time.Duration) time.Time {
	w := s.syncedAt.Add(resync)
	if next, ok := Next(s.transitions, now); ok && next.Before(w) {
		w = next
	}
	if t, ok := Due(s.transitions, now); ok && t.Equal(s.failed) && t.After(s.settled) && s.retryAt.Before(w) {
		w = s.retryAt
	}
	if r, ok := s.nextReminder(now); ok && r.Before(w) {
		w = r
	}
	return w
}
