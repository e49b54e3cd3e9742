package timeline

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// twoShows overlap on 2027-01-01: a 12:00Z on-sale and a 12:30Z one.
func twoShows(t *testing.T) []Schedule {
	t.Helper()
	a := Show{Name: "a", OnSale: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), Approved: true, Baseline: Capacity{"web": 2},
		Phases: []Phase{phase("peak", "0s", Capacity{"web": 100, "api": 10})}, End: time.Hour}
	b := Show{Name: "b", OnSale: time.Date(2027, 1, 1, 12, 30, 0, 0, time.UTC), Approved: true, Baseline: Capacity{"web": 3},
		Phases: []Phase{phase("peak", "0s", Capacity{"web": 60, "db": 5})}, End: time.Hour}
	return []Schedule{a.Schedule(), b.Schedule()}
}

func at(h, m int) time.Time { return time.Date(2027, 1, 1, h, m, 0, 0, time.UTC) }

func TestEvaluate_combine(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		t      time.Time
		opts   Options
		want   Capacity
		phases map[string]string
		capped []string
		next   string
	}{
		{"before both", at(11, 0), Options{}, Capacity{"web": 3, "api": 0, "db": 0},
			map[string]string{"a": "scheduled", "b": "scheduled"}, []string{}, "2027-01-01T12:00:00Z"},
		{"max while overlapping", at(12, 45), Options{Combine: CombineMax}, Capacity{"web": 100, "api": 10, "db": 5},
			map[string]string{"a": "peak", "b": "peak"}, []string{}, "2027-01-01T13:00:00Z"},
		{"sum while overlapping", at(12, 45), Options{Combine: CombineSum}, Capacity{"web": 160, "api": 10, "db": 5},
			map[string]string{"a": "peak", "b": "peak"}, []string{}, "2027-01-01T13:00:00Z"},
		{"sum adds baselines", at(11, 0), Options{Combine: CombineSum}, Capacity{"web": 5, "api": 0, "db": 0},
			map[string]string{"a": "scheduled", "b": "scheduled"}, []string{}, "2027-01-01T12:00:00Z"},
		{"floor raises and adds a dimension", at(11, 0), Options{Floor: Capacity{"web": 4, "queue": 1}}, Capacity{"web": 4, "api": 0, "db": 0, "queue": 1},
			map[string]string{"a": "scheduled", "b": "scheduled"}, []string{}, "2027-01-01T12:00:00Z"},
		{"ceiling caps and reports", at(12, 45), Options{Combine: CombineSum, Ceiling: Capacity{"web": 120, "db": 5, "other": 1}}, Capacity{"web": 120, "api": 10, "db": 5},
			map[string]string{"a": "peak", "b": "peak"}, []string{"web"}, "2027-01-01T13:00:00Z"},
		{"one ended", at(13, 10), Options{}, Capacity{"web": 60, "api": 0, "db": 5},
			map[string]string{"a": "ended", "b": "peak"}, []string{}, "2027-01-01T13:30:00Z"},
		{"both ended", at(13, 30), Options{}, Capacity{"web": 3, "api": 0, "db": 0},
			map[string]string{"a": "ended", "b": "ended"}, []string{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := Evaluate(twoShows(t), tt.t, tt.opts)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.Capacity)
			assert.Equal(t, tt.phases, r.Phases)
			assert.Equal(t, tt.capped, r.Capped)
			if tt.next == "" {
				assert.Nil(t, r.Next)
			} else {
				require.NotNil(t, r.Next)
				assert.Equal(t, tt.next, r.Next.Format(time.RFC3339))
			}
		})
	}
}

func TestEvaluate_unapproved(t *testing.T) {
	t.Parallel()
	s := erasSydney(t)
	s.Approved = false
	r, err := Evaluate([]Schedule{s.Schedule()}, s.OnSale, Options{})
	require.NoError(t, err)
	assert.Equal(t, Capacity{"web": 2, "api": 2}, r.Capacity)
	assert.Equal(t, map[string]string{s.Name: PhaseUnapproved}, r.Phases)
	assert.Nil(t, r.Next)
}

func TestEvaluate_nextTransitionAtEveryBoundary(t *testing.T) {
	t.Parallel()
	shows := twoShows(t)
	var all []time.Time
	for _, s := range shows {
		for _, st := range s.Steps {
			all = append(all, st.At)
		}
	}
	for _, b := range all {
		r, err := Evaluate(shows, b.Add(-time.Second), Options{})
		require.NoError(t, err)
		require.NotNil(t, r.Next)
		assert.Equal(t, b, *r.Next, "just before %s", b)
		r, err = Evaluate(shows, b, Options{})
		require.NoError(t, err)
		if r.Next != nil {
			assert.True(t, r.Next.After(b), "at %s the next transition %s must be later", b, r.Next)
		}
	}
}

func TestEvaluate_errors(t *testing.T) {
	t.Parallel()
	shows := twoShows(t)
	_, err := Evaluate(shows, at(12, 0), Options{Combine: "avg"})
	assert.EqualError(t, err, `combine "avg" is not supported: use "max" or "sum"`)
	_, err = Evaluate(shows, at(12, 0), Options{Floor: Capacity{"web": 10}, Ceiling: Capacity{"web": 5}})
	assert.EqualError(t, err, "floor web = 10 is above ceiling web = 5: the floor must not exceed the ceiling")
	_, err = Evaluate(append(shows, shows[0]), at(12, 0), Options{})
	assert.EqualError(t, err, `shows[0] and shows[2] are both named "a": give each show a unique name`)
}
