package timeline

import (
	"fmt"
	"testing"
	"time"
)

// benchShows makes n shows on sale over ten days, each with three phases.
func benchShows(n int) []Show {
	base := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	shows := make([]Show, n)
	for i := range shows {
		shows[i] = Show{Name: fmt.Sprintf("show-%d", i), OnSale: base.Add(time.Duration(i) * 86 * time.Second), Lead: 10 * time.Minute, Approved: true,
			Baseline: Capacity{"web": 2, "api": 2},
			Phases: []Phase{
				{Name: "warm", Start: -time.Hour, Capacity: Capacity{"web": 40, "api": 20}},
				{Name: "peak", Start: -5 * time.Minute, Capacity: Capacity{"web": 120, "api": 60}},
				{Name: "tail", Start: 90 * time.Minute, Capacity: Capacity{"web": 30, "api": 10}},
			}, End: 3 * time.Hour}
	}
	return shows
}

// BenchmarkEvaluate is what hotshow_capacity does per read: evaluate 10,000
// precomputed schedules at an instant (binary search per show), combine and
// clamp.
func BenchmarkEvaluate(b *testing.B) {
	shows := benchShows(10000)
	schedules := make([]Schedule, len(shows))
	for i, s := range shows {
		schedules[i] = s.Schedule()
	}
	at := time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := Evaluate(schedules, at, Options{Combine: CombineMax, Floor: Capacity{"web": 2}, Ceiling: Capacity{"web": 500}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateFromDefinitions is the baseline: the same evaluation
// without precomputed schedules, deriving each show's timeline from its
// definition on every read.
func BenchmarkEvaluateFromDefinitions(b *testing.B) {
	shows := benchShows(10000)
	at := time.Date(2027, 1, 6, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		schedules := make([]Schedule, len(shows))
		for i, s := range shows {
			schedules[i] = s.Schedule()
		}
		if _, err := Evaluate(schedules, at, Options{Combine: CombineMax, Floor: Capacity{"web": 2}, Ceiling: Capacity{"web": 500}}); err != nil {
			b.Fatal(err)
		}
	}
}
