package timeline

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// threePhases is a show going on sale at onSale with warm (-10m), peak (0s)
// and tail (+30m) phases, ending at +1h: four transitions.
func threePhases(t *testing.T, name string, onSale time.Time) Schedule {
	t.Helper()
	s := Show{Name: name, OnSale: onSale, Approved: true, Baseline: Capacity{"web": 2}, End: time.Hour,
		Phases: []Phase{
			{Name: "warm", Start: -10 * time.Minute, Capacity: Capacity{"web": 10}},
			{Name: "peak", Start: 0, Capacity: Capacity{"web": 50}},
			{Name: "tail", Start: 30 * time.Minute, Capacity: Capacity{"web": 20}},
		}}
	assert.Empty(t, s.Validate())
	return s.Schedule()
}

func TestTransitions_mergesShows(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	a, b := threePhases(t, "a", onSale), threePhases(t, "b", onSale.Add(30*time.Minute))
	off := threePhases(t, "off", onSale.Add(5*time.Minute))
	off.Approved = false
	got := Transitions([]Schedule{a, b, off})
	want := []time.Time{onSale.Add(-10 * time.Minute), onSale, onSale.Add(20 * time.Minute), onSale.Add(30 * time.Minute),
		onSale.Add(time.Hour), onSale.Add(90 * time.Minute)}
	assert.Equal(t, want, got, "shared instants once, in order, unapproved shows none")
}

func TestDueAndNext(t *testing.T) {
	t.Parallel()
	base := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	ts := []time.Time{base, base.Add(time.Minute)}
	tests := []struct {
		now       time.Time
		due, next time.Time
		dueOK     bool
		nextOK    bool
	}{
		{base.Add(-time.Nanosecond), time.Time{}, base, false, true},
		{base, base, base.Add(time.Minute), true, true},
		{base.Add(59 * time.Second), base, base.Add(time.Minute), true, true},
		{base.Add(time.Minute), base.Add(time.Minute), time.Time{}, true, false},
	}
	for _, tt := range tests {
		due, ok := Due(ts, tt.now)
		assert.Equal(t, tt.dueOK, ok, "due at %s", tt.now)
		assert.Equal(t, tt.due, due, "due at %s", tt.now)
		next, ok := Next(ts, tt.now)
		assert.Equal(t, tt.nextOK, ok, "next at %s", tt.now)
		assert.Equal(t, tt.next, next, "next at %s", tt.now)
	}
}
