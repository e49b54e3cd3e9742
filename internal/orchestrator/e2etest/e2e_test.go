package e2etest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
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
		assert.Equal(t, orchestrator.OutcomeApplied, r.Outcome, "run %d", i)
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
	waitFor(t, 30*time.Second, "the catch-up run", func() bool { return len(s.history()) == 1 && s.history()[0].Outcome != orchestrator.OutcomeRunning })
	require.NoError(t, d.stop(t))
	runs := s.history()
	require.Len(t, runs, 1)
	assert.Equal(t, onSale, runs[0].Instant.UTC())
	assert.Equal(t, orchestrator.OutcomeApplied, runs[0].Outcome)
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
	s := newStack(t, showTF(onSale, target, ""), "")
	s.ciApply()
	// An edit nobody applied: a scheduled run must not create it.
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, "main.tf"), []byte(showTF(onSale, target, `resource "terraform_data" "extra" {}`)), 0o644))
	sleepUntil(onSale.Add(-gap))
	_, code := s.orchestrate("tick")
	assert.Equal(t, orchestrator.ExitRefused, code)
	runs := s.history()
	require.Len(t, runs, 1)
	assert.Equal(t, orchestrator.OutcomeRefused, runs[0].Outcome)
	assert.Contains(t, runs[0].Error, "terraform_data.web: would be replaced")
	assert.Contains(t, runs[0].Error, "terraform_data.extra: would be created")
	assert.Equal(t, "2", s.output("web"), "nothing was applied")
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
	s := newStack(t, showTF(onSale, target, ""), "")
	s.ciApply()
	marker := filepath.Join(s.dir, "fail-apply")
	require.NoError(t, os.WriteFile(marker, nil, 0o644))
	d := s.startDaemon()
	waitFor(t, 40*time.Second, "a failed run", func() bool {
		runs := s.history()
		return len(runs) > 0 && runs[0].Outcome == orchestrator.OutcomeFailed
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

	sched, code := s.orchestrate("schedule")
	require.Equal(t, 0, code)
	assert.Equal(t, 5, len(strings.Split(strings.TrimSpace(sched), "\n")), "a header and four transitions:\n%s", sched)
	assert.Contains(t, sched, onSale.UTC().Format(time.RFC3339)+"  ")
}
