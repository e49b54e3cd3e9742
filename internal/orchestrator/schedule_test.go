package orchestrator

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

func TestTransitions_mergesShows(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	a, b := show(t, "a", onSale), show(t, "b", onSale.Add(30*time.Minute))
	off := show(t, "off", onSale.Add(5*time.Minute))
	off.Approved = false
	got := Transitions([]timeline.Schedule{a, b, off})
	want := instants(onSale.Add(-10*time.Minute), onSale, onSale.Add(20*time.Minute), onSale.Add(30*time.Minute),
		onSale.Add(time.Hour), onSale.Add(90*time.Minute))
	assert.Equal(t, want, got, "shared instants once, in order, unapproved shows none")
}

func TestDueAndNext(t *testing.T) {
	t.Parallel()
	base := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	ts := instants(base, base.Add(time.Minute))
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

func TestBackoff(t *testing.T) {
	t.Parallel()
	var got []time.Duration
	for attempt := 1; attempt <= 6; attempt++ {
		got = append(got, Backoff(attempt, 10*time.Second, time.Minute))
	}
	assert.Equal(t, []time.Duration{10 * time.Second, 20 * time.Second, 40 * time.Second, time.Minute, time.Minute, time.Minute}, got)
}
