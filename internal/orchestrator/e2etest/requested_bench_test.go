package e2etest

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// setPreplan sets the orchestrator's preplan setting in the stack's
// hotshow.hcl ("off", "auto" or a lead).
func (s *stack) setPreplan(value string) {
	s.t.Helper()
	b, err := os.ReadFile(s.config)
	require.NoError(s.t, err)
	hcl := strings.Replace(string(b), "orchestrator {\n", fmt.Sprintf("orchestrator {\n  preplan = %q\n", value), 1)
	require.NoError(s.t, os.WriteFile(s.config, []byte(hcl), 0o644))
}

// farShows is n shows (hotshow_show.far) whose transitions are all in
// 2027: beside a stack's own show, they make its plan carry n more shows
// while only that show's transitions come due.
func farShows(n int) string {
	return fmt.Sprintf(`
resource "hotshow_show" "far" {
  count      = %d
  name       = "far-${count.index}"
  on_sale_at = timeadd("2027-01-01T00:00:00Z", "${count.index * 600}s")
  time_zone  = "Australia/Sydney"
  lead       = "10m"
  baseline   = { web = 2, api = 2 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
    { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
  ]
  end = "+3h"
}
`, n)
}

// BenchmarkRequested: from a transition's instant to the end of its apply
// ("capacity requested"), with pre-planning off (the plan made at the
// instant, as before pre-planning; the baseline) and on (the default), for
// a small stack and for a stack of 1,000 shows.
func BenchmarkRequested(b *testing.B) {
	for _, size := range []struct {
		name        string
		far, phases int
	}{{"small", 0, 12}, {"shows-1000", 999, 4}} {
		for _, mode := range []string{"off", "auto"} {
			b.Run(fmt.Sprintf("%s/preplan-%s", size.name, mode), func(b *testing.B) {
				if b.N > 1 {
					b.Skip("one real-time show per run: use -benchtime 1x")
				}
				requested(b, size.far, size.phases, mode)
			})
		}
	}
}

func requested(b *testing.B, far, phases int, mode string) {
	// The gap between transitions leaves room for a plan and an apply at
	// the instant, measured on the stack first.
	placeholder := time.Now().UTC().Add(240 * time.Hour).Truncate(time.Second)
	tf := spacedTF(placeholder, phases, time.Hour) + farShows(far)
	if far > 0 {
		tf = strings.Replace(tf, "shows = [hotshow_show.s.schedule]", "shows = concat([hotshow_show.s.schedule], hotshow_show.far[*].schedule)", 1)
	}
	s := newStack(b, tf, "")
	s.ciApply()
	began := time.Now()
	_, err := s.tf.Plan(b.Context())
	require.NoError(b, err)
	planTime := time.Since(began)
	gap := max(4*time.Second, (3*planTime + 2*time.Second).Truncate(time.Second))
	lead := max(30*time.Second, 4*planTime)
	start := time.Now().UTC().Add(lead + 15*time.Second).Truncate(time.Second)
	tf = spacedTF(start, phases, gap) + farShows(far)
	if far > 0 {
		tf = strings.Replace(tf, "shows = [hotshow_show.s.schedule]", "shows = concat([hotshow_show.s.schedule], hotshow_show.far[*].schedule)", 1)
	}
	require.NoError(b, os.WriteFile(s.dir+"/main.tf", []byte(tf), 0o644))
	s.ciApply()
	s.setPreplan(mode)
	d := s.startDaemon()
	end := start.Add(time.Duration(phases) * gap)
	var runs []store.Run
	waitFor(b, time.Until(end)+5*time.Minute, "every transition applied", func() bool {
		runs = s.ledger()
		applied := 0
		for _, r := range runs {
			if r.Outcome == store.OutcomeApplied && !r.Instant.Before(start) {
				applied++
			}
		}
		return applied == phases
	})
	require.NoError(b, d.stop(b))
	var req, age []time.Duration
	replanned := 0
	for _, r := range runs {
		if r.Outcome != store.OutcomeApplied || r.Instant.Before(start) {
			continue
		}
		req, age = append(req, r.Requested), append(age, r.PlanAge)
		if r.Replanned != "" {
			replanned++
		}
		if mode == "off" {
			require.True(b, r.Preplanned.IsZero(), "pre-planning off: planned at the instant")
		}
	}
	require.Len(b, req, phases)
	b.ReportMetric(percentile(req, 50).Seconds()*1000, "requested-p50-ms")
	b.ReportMetric(percentile(req, 99).Seconds()*1000, "requested-p99-ms")
	b.ReportMetric(percentile(age, 50).Seconds()*1000, "plan-age-p50-ms")
	b.ReportMetric(float64(replanned), "replanned")
	b.ReportMetric(planTime.Seconds()*1000, "plan-ms")
}
