package timeline

import (
	"sort"
	"time"
)

// Transitions returns, in order and once each, every instant at which an
// approved show's phase or effective capacity changes: the instants the
// orchestrator applies.
func Transitions(shows []Schedule) []time.Time {
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

// Due returns the latest of the sorted transitions at or before now: the
// instant whose capacity is in force now. false when none has come yet.
func Due(transitions []time.Time, now time.Time) (time.Time, bool) {
	k := sort.Search(len(transitions), func(i int) bool { return transitions[i].After(now) })
	if k == 0 {
		return time.Time{}, false
	}
	return transitions[k-1], true
}

// Next returns the first of the sorted transitions after now.
func Next(transitions []time.Time, now time.Time) (time.Time, bool) {
	k := sort.Search(len(transitions), func(i int) bool { return transitions[i].After(now) })
	if k == len(transitions) {
		return time.Time{}, false
	}
	return transitions[k], true
}
