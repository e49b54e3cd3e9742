package render

import (
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// benchPage is 100 stacks of five shows each over a 7-day window.
func benchPage(b *testing.B) Page {
	b.Helper()
	p := Page{Now: at(0), From: at(-14), Until: at(168), Window: "168h", Windows: []string{"24h", "168h"}, Holder: "bench", Store: "dynamodb"}
	for i := range 100 {
		var shows []timeline.Schedule
		for j := range 5 {
			on := at(float64(12 + 30*j + i%7))
			shows = append(shows, timeline.Schedule{Name: fmt.Sprintf("Show %d-%d", i, j), Approved: true, Baseline: timeline.Capacity{"web": 4, "api": 2, "ddb": 100}, Steps: []timeline.Step{
				{At: on.Add(-70 * time.Minute), Phase: "warm", Capacity: timeline.Capacity{"web": 40, "api": 10, "ddb": 2000}},
				{At: on.Add(-15 * time.Minute), Phase: "peak", Capacity: timeline.Capacity{"web": 120, "api": 60, "ddb": 8000}},
				{At: on.Add(90 * time.Minute), Phase: "tail", Capacity: timeline.Capacity{"web": 30, "api": 10, "ddb": 1000}},
				{At: on.Add(3 * time.Hour), Phase: "ended", Capacity: timeline.Capacity{"web": 4, "api": 2, "ddb": 100}},
			}})
		}
		prof, err := timeline.Profile(shows, p.From, p.Until, timeline.Options{})
		if err != nil {
			b.Fatal(err)
		}
		st := Stack{Name: fmt.Sprintf("stack-%03d", i), Discovered: true, Profile: prof, Capacity: prof[0].Capacity, Combine: "max"}
		for _, s := range shows {
			for _, step := range s.Steps {
				st.Marks = append(st.Marks, Mark{At: step.At, Show: s.Name, Phase: step.Phase, Capacity: step.Capacity})
			}
		}
		st.Next = st.Marks[:8]
		for k := range 10 {
			st.Runs = append(st.Runs, Run{Instant: at(float64(-k)), Outcome: "applied", Attempt: 1, Lag: 3 * time.Millisecond, Duration: time.Second, Changed: []string{"aws_autoscaling_group.web"}})
		}
		p.Stacks = append(p.Stacks, st)
	}
	return p
}

// BenchmarkStatusPage renders the page of 100 stacks (html/template with
// escaping, SVG geometry) against encoding the same data as JSON, the
// least a status endpoint could do.
func BenchmarkStatusPage(b *testing.B) {
	p := benchPage(b)
	b.Run("html", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := WritePage(io.Discard, p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("json-baseline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := json.NewEncoder(io.Discard).Encode(p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
