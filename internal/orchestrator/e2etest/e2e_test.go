package e2etest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// gap separates a test show's transitions: longer than one run takes.
const gap = 6 * time.Second

// showTF declares a show going on sale at onSale, with transitions at
// onSale-gap (warm, web 10), onSale (peak, 50), onSale+gap (tail, 20) and
// onSale+2*gap (ended, back to 2), feeding terraform_data.web; extra is
// appended, and target replaces the terraform_data resource when set.
func showTF(onSale time.Time, target, extra string) string {
	if target == "" {
		target = `resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}`
	}
	g := int(gap.Seconds())
	return `terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}
resource "hotshow_show" "s" {
  name       = "E2E"
  on_sale_at = "` + onSale.UTC().Format(time.RFC3339) + `"
  baseline   = { web = 2 }
  phases = [
    { name = "warm", start = "-` + itoa(g) + `s", capacity = { web = 10 } },
    { name = "peak", start = "0s", capacity = { web = 50 } },
    { name = "tail", start = "+` + itoa(g) + `s", capacity = { web = 20 } },
  ]
  end = "+` + itoa(2*g) + `s"
}
data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.s.schedule]
}
` + target + `
output "web" { value = terraform_data.web.output }
` + extra
}

// transitions of showTF's show.
func transitions(onSale time.Time) []time.Time {
	return []time.Time{onSale.Add(-gap), onSale, onSale.Add(gap), onSale.Add(2 * gap)}
}

// nextOnSale leaves time for the CI apply and the daemon's start before the
// first transition, on whole seconds.
func nextOnSale() time.Time { return time.Now().UTC().Add(gap + 8*time.Second).Truncate(time.Second) }

func TestE2E_transitionsAppliedInOrder(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	assert.Equal(t, "2", s.output("web"))
	d := s.startDaemon()
	sleepUntil(onSale.Add(2*gap + 4*time.Second))
	require.NoError(t, d.stop(t))

	runs := s.history()
	require.Len(t, runs, 4, "one run per transition")
	for i, r := range runs {
		assert.Equal(t, transitions(onSale)[i], r.Instant.UTC(), "run %d in order", i)
		assert.Equal(t, store.OutcomeApplied, r.Outcome, "run %d", i)
		assert.False(t, r.Started.Before(r.Instant), "run %d started %s, before its instant %s", i, r.Started, r.Instant)
		assert.Less(t, r.Lag, 5*time.Second, "run %d lag", i)
		assert.Equal(t, []string{"terraform_data.web"}, r.Changed)
		assert.Len(t, r.PlanSHA256, 64)
		t.Logf("transition %d: lag %s, plan %s, apply %s", i, r.Lag, r.PlanTime, r.ApplyTime)
	}
	assert.Equal(t, "2", s.output("web"), "back at baseline after the show")
}

func TestE2E_catchUpAfterDowntime(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	// Down across warm and peak: the daemon converges to peak at once.
	sleepUntil(onSale.Add(time.Second))
	d := s.startDaemon()
	waitFor(t, 30*time.Second, "the catch-up run", func() bool { return len(s.history()) == 1 && s.history()[0].Outcome != store.OutcomeRunning })
	require.NoError(t, d.stop(t))
	runs := s.history()
	require.Len(t, runs, 1)
	assert.Equal(t, onSale, runs[0].Instant.UTC())
	assert.Equal(t, store.OutcomeApplied, runs[0].Outcome)
	assert.Equal(t, "50", s.output("web"))
	// Running again at the same instant changes nothing.
	_, code := s.orchestrate("tick")
	assert.Equal(t, 0, code)
	assert.Len(t, s.history(), 1, "a settled instant is not run again")
}

func TestE2E_refusesCreateAndReplace(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	target := `resource "terraform_data" "web" {
  input            = data.hotshow_capacity.fleet.capacity["web"]
  triggers_replace = data.hotshow_capacity.fleet.capacity["web"]
}`
	rcv := newHookReceiver(t)
	s := newStack(t, showTF(onSale, target, ""), notifyHCL(rcv.URL, "applied", "refused", "failed"))
	s.ciApply()
	// An edit nobody applied: a scheduled run must not create it.
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, "main.tf"), []byte(showTF(onSale, target, `resource "terraform_data" "extra" {}`)), 0o644))
	sleepUntil(onSale.Add(-gap))
	_, code := s.orchestrate("tick")
	assert.Equal(t, exitRefused, code)
	runs := s.history()
	require.Len(t, runs, 1)
	assert.Equal(t, store.OutcomeRefused, runs[0].Outcome)
	assert.Contains(t, runs[0].Error, "terraform_data.web: would be replaced")
	assert.Contains(t, runs[0].Error, "terraform_data.extra: would be created")
	assert.Equal(t, "2", s.output("web"), "nothing was applied")
	// tick delivers its alerts before it exits.
	events, texts := rcv.got()
	require.Equal(t, []string{"refused"}, events)
	assert.Contains(t, texts[0], "*refused*, nothing applied: policy capacity-only refused the plan")
	assert.Contains(t, texts[0], "terraform_data.extra: would be created")
}

func TestE2E_failedApplyIsRecordedAndRetried(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	// The postcondition reads self.output, unknown until apply, so it fails
	// the apply (not the plan) while the marker file exists.
	target := `resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
  lifecycle {
    postcondition {
      condition     = self.output == null || !fileexists("${path.module}/fail-apply")
      error_message = "fail-apply marker present"
    }
  }
}`
	rcv := newHookReceiver(t)
	s := newStack(t, showTF(onSale, target, ""), notifyHCL(rcv.URL, "applied", "refused", "failed"))
	s.ciApply()
	marker := filepath.Join(s.dir, "fail-apply")
	require.NoError(t, os.WriteFile(marker, nil, 0o644))
	d := s.startDaemon()
	waitFor(t, 40*time.Second, "a failed run", func() bool {
		runs := s.history()
		return len(runs) > 0 && runs[0].Outcome == store.OutcomeFailed
	})
	require.NoError(t, os.Remove(marker))
	waitFor(t, 20*time.Second, "the retry to settle", func() bool {
		runs := s.history()
		return len(runs) > 1 && runs[len(runs)-1].Outcome.Settled()
	})
	require.NoError(t, d.stop(t))
	runs := s.history()
	first, last := runs[0], runs[len(runs)-1]
	assert.Equal(t, onSale.Add(-gap), first.Instant.UTC())
	assert.Contains(t, first.Error, "apply")
	assert.Contains(t, first.Error, "fail-apply marker present")
	assert.Equal(t, first.Instant, last.Instant, "the retry is for the same transition")
	assert.Greater(t, last.Attempt, 1)
	assert.Equal(t, "10", s.output("web"))
	requireLeaseFree(t, s)
	// One failed alert for the transition however many retries it took,
	// then one applied alert a settled run.
	events, texts := rcv.got()
	applied := 0
	for _, r := range runs {
		if r.Outcome == store.OutcomeApplied {
			applied++
		}
	}
	want := []string{"failed"}
	for range applied {
		want = append(want, "applied")
	}
	assert.Equal(t, want, events)
	assert.Contains(t, texts[0], "fail-apply marker present")
	assert.Contains(t, texts[1], "after "+itoa(last.Attempt)+" attempts")
}

func TestE2E_previewShowsAFutureChange(t *testing.T) {
	t.Parallel()
	onSale := time.Now().UTC().Add(time.Hour).Truncate(time.Second)
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	out, code := s.orchestrate("preview", "-at", onSale.Format(time.RFC3339))
	require.Equal(t, 0, code)
	assert.Contains(t, out, "stack s at "+onSale.UTC().Format(time.RFC3339)+": 1 change(s)")
	assert.Contains(t, out, "terraform_data.web (update) allowed by policy")
	assert.Contains(t, out, "input: 2 -> 50")
	assert.Empty(t, s.history(), "a preview records nothing")
	assert.Equal(t, "2", s.output("web"), "a preview applies nothing")

	ics := filepath.Join(t.TempDir(), "oncall.ics")
	sched, code := s.orchestrate("schedule", "-ics", ics)
	require.Equal(t, 0, code)
	table, chart, ok := strings.Cut(sched, "\n\n")
	require.True(t, ok, "a table, then the chart:\n%s", sched)
	assert.Equal(t, 5, len(strings.Split(strings.TrimSpace(table), "\n")), "a header and four transitions:\n%s", sched)
	assert.Contains(t, table, onSale.UTC().Format(time.RFC3339)+"  ")
	assert.Regexp(t, `(?m)^  web │[▁▂▃▄▅▆▇█ ]{72}│ peak 50$`, chart)
	assert.GreaterOrEqual(t, strings.Count(chart, "^"), 2, "transition marks (6 s apart, they may share a column) and the legend:\n%s", chart)
	assert.Regexp(t, `(?m)^stack s: 1 show\(s\), read \S+Z from state serial \d+$`, chart, "when the shows were read, and from which state")
	cal, err := os.ReadFile(ics)
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(cal), "BEGIN:VEVENT\r\n"))
	assert.Contains(t, string(cal), "DTSTART:"+onSale.UTC().Format("20060102T150405Z")+"\r\n")

	// Two hours around the on-sale: web is 2, but 10, 50 and 20 for 6 s each:
	// 2 × 2 h + (8 + 48 + 18) × 6 s = 4 + 444/3600 unit-hours; at peak 50 × 2 h.
	csv, code := s.orchestrate("report", "-from", onSale.Add(-time.Hour).Format(time.RFC3339), "-until", onSale.Add(time.Hour).Format(time.RFC3339), "-price", "web=0.5", "-format", "csv")
	require.Equal(t, 0, code)
	assert.Equal(t, "stack,show,dimension,scheduled_unit_hours,peak_units,at_peak_unit_hours,saved_unit_hours,saved_percent,price_per_unit_hour,scheduled_cost,at_peak_cost,saved_cost\n"+
		"s,E2E,web,4.12,50,100.00,95.88,95.9,0.5,2.06,50.00,47.94\n", csv)
}
