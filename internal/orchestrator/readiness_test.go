package orchestrator

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// withCheckBlocks adds to a state document the check_results Terraform
// writes for a stack with these check blocks.
func withCheckBlocks(t *testing.T, doc []byte, names ...string) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(doc, &m))
	var results []map[string]any
	for _, n := range names {
		results = append(results, map[string]any{"object_kind": "check", "config_addr": "check." + n, "status": "pass"})
	}
	m["check_results"] = results
	b, err := json.Marshal(m)
	require.NoError(t, err)
	return b
}

func checksConfig(t *testing.T, url string, at ...time.Duration) *config.Config {
	c := withWebhook(testConfig(t, "s"), url)
	c.Checks = config.Checks{At: at, After: true}
	return c
}

// checkRuns are the ledger's readiness evaluations.
func checkRuns(t *testing.T, o *Orchestrator) []store.Run { return runsOfKind(t, o, store.KindChecks) }

// runsOfKind are the ledger's entries of stack "s" of one kind.
func runsOfKind(t *testing.T, o *Orchestrator, kind string) []store.Run {
	t.Helper()
	runs, err := o.Store().Runs(context.Background(), "s", 0)
	require.NoError(t, err)
	var out []store.Run
	for _, r := range runs {
		if r.Kind == kind {
			out = append(out, r)
		}
	}
	return out
}

// TestReadiness_failingCheckAlertsOncePerCheckpointThenPasses: a check fails
// at the -1h and -15m evaluations (one alert each, naming the check, its
// message and the show), capacity then arrives and the evaluations after
// the transitions pass. Evaluations plan refresh-only and apply nothing.
func TestReadiness_failingCheckAlertsOncePerCheckpointThenPasses(t *testing.T) {
	rcv := newReceiver(t)
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(2 * time.Hour)
		r := &fakeRunner{state: withCheckBlocks(t, stateJSON(t, show(t, "Eras N1", onSale)), "web_in_service", "quota")}
		r.setChecks(map[string]tfjson.CheckStatus{"web_in_service": tfjson.CheckStatusFail, "quota": tfjson.CheckStatusPass})
		o := newTestOrchestrator(t, checksConfig(t, rcv.URL, -time.Hour, -15*time.Minute), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(time.Until(onSale.Add(-12 * time.Minute))) // past both checkpoints, before the warm transition
		r.setChecks(map[string]tfjson.CheckStatus{"web_in_service": tfjson.CheckStatusPass, "quota": tfjson.CheckStatusPass})
		time.Sleep(time.Until(onSale.Add(3 * time.Hour)))
		stop()

		assert.Equal(t, []time.Time{onSale.Add(-time.Hour), onSale.Add(-15 * time.Minute),
			onSale.Add(-10 * time.Minute), onSale, onSale.Add(30 * time.Minute)}, r.checkPlans,
			"at each offset, and right after each applied transition but the end")
		_, applies := r.snapshot()
		assert.Len(t, applies, 4, "the transitions alone were applied")

		runs := checkRuns(t, o)
		require.Len(t, runs, 5)
		var got []string
		for _, run := range runs {
			got = append(got, run.Checkpoint+" "+string(run.Outcome))
			assert.Equal(t, []string{"Eras N1"}, run.Shows)
			assert.Empty(t, run.Changed)
		}
		assert.Equal(t, []string{"-1h not-ready", "-15m not-ready", "after warm ready", "after peak ready", "after tail ready"}, got)
		assert.Equal(t, []store.CheckResult{
			{Address: "check.quota", Status: store.CheckPass},
			{Address: "check.web_in_service", Status: store.CheckFail, Messages: []string{"web_in_service is short"}},
		}, runs[0].Checks, "check blocks alone, sorted, with their messages")
		assert.Equal(t, onSale.Add(-10*time.Minute), runs[2].Instant, "an evaluation after a transition is recorded for its instant")

		synctest.Wait()
		o.notifier.Close()
		events, texts := rcv.got()
		var alerts []string
		for i, e := range events {
			if e == notify.EventChecks {
				alerts = append(alerts, texts[i])
			}
		}
		require.Len(t, alerts, 2, "one alert a checkpoint, none once ready: %q", alerts)
		assert.Contains(t, alerts[0], "NOT READY for *Eras N1*")
		assert.Contains(t, alerts[0], "checked at -1h")
		assert.Contains(t, alerts[1], "checked at -15m")
		assert.Contains(t, alerts[1], "check.web_in_service FAIL: web_in_service is short")
		assert.NotContains(t, alerts[1], "check.quota")
		assert.NotContains(t, alerts[1], "terraform_data.web", "a resource's own condition is not a readiness check")

		ls := o.live.get("s")
		assert.Equal(t, store.OutcomeReady, ls.readiness["Eras N1"].Outcome)
	})
}

// TestReadiness_restartDoesNotEvaluateOrAlertAgain: a daemon restarted
// after the -15m evaluation neither repeats it nor alerts again.
func TestReadiness_restartDoesNotEvaluateOrAlertAgain(t *testing.T) {
	rcv := newReceiver(t)
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: withCheckBlocks(t, stateJSON(t, show(t, "a", onSale)), "web_in_service")}
		r.setChecks(map[string]tfjson.CheckStatus{"web_in_service": tfjson.CheckStatusFail})
		cfg := checksConfig(t, rcv.URL, -15*time.Minute)
		cfg.Checks.After = false
		o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
		runFor(t, o, 50*time.Minute) // the -15m evaluation, at 45 minutes
		o2, err := New(context.Background(), cfg, WithStore(o.Store()), WithLogger(o.log), WithRunnerFactory(func(config.Stack) (tfrun.Runner, error) { return r, nil }))
		require.NoError(t, err)
		runFor(t, o2, time.Minute)

		assert.Equal(t, []time.Time{onSale.Add(-15 * time.Minute)}, r.checkPlans)
		synctest.Wait()
		o.notifier.Close()
		o2.notifier.Close()
		events, _ := rcv.got()
		n := 0
		for _, e := range events {
			if e == notify.EventChecks {
				n++
			}
		}
		assert.Equal(t, 1, n)
		assert.Equal(t, store.OutcomeNotReady, o2.live.get("s").readiness["a"].Outcome, "read back from the ledger")
	})
}

// TestReadiness_noCheckBlocksNoEvaluation: a stack whose state lists no
// check blocks is never evaluated.
func TestReadiness_noCheckBlocksNoEvaluation(t *testing.T) {
	rcv := newReceiver(t)
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
		o := newTestOrchestrator(t, checksConfig(t, rcv.URL, -30*time.Minute), map[string]*fakeRunner{"s": r})
		runFor(t, o, 3*time.Hour)
		o.notifier.Close()
		assert.Empty(t, r.checkPlans)
		assert.Empty(t, checkRuns(t, o))
	})
}

// TestReadiness_underAPlanMadeAheadOrAfterTheTransition: an evaluation due
// while the transition's plan made ahead holds the lease runs under that
// lease and leaves the plan good (applied at its instant); one due within
// twice the slowest plan of the transition waits for its run.
func TestReadiness_underAPlanMadeAheadOrAfterTheTransition(t *testing.T) {
	rcv := newReceiver(t)
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: withCheckBlocks(t, stateJSON(t, show(t, "a", onSale)), "web_in_service"), planTakes: 20 * time.Second}
		r.setChecks(map[string]tfjson.CheckStatus{"web_in_service": tfjson.CheckStatusPass})
		cfg := checksConfig(t, rcv.URL, -11*time.Minute, -(10*time.Minute + 30*time.Second))
		cfg.Checks.After = false
		cfg.Preplan = config.Preplan{Fixed: 2 * time.Minute}
		o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
		runFor(t, o, 20*time.Minute+time.Hour)
		o.notifier.Close()
		warm := onSale.Add(-10 * time.Minute)
		assert.Equal(t, []time.Time{onSale.Add(-11 * time.Minute), warm}, r.checkPlans,
			"-11m at its time, under the plan made ahead; -10m30s (30s before the transition, its plan takes 20s) right after the transition")
		assert.Equal(t, warm, r.applyAt[0], "the transition was not delayed")
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		var first store.Run
		for _, run := range runs {
			if !run.IsChecks() {
				first = run
				break
			}
		}
		assert.Equal(t, warm, first.Instant)
		assert.Equal(t, warm.Add(-2*time.Minute), first.Preplanned, "the plan made ahead was applied, its lease kept through the evaluation")
		assert.Empty(t, first.Replanned)
		assert.Equal(t, 1, first.Attempt)
	})
}

func TestCheckpoints(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	mk := func(name string, at time.Time, approved bool) timeline.Schedule {
		s := timeline.Show{Name: name, OnSale: at, Approved: approved, End: time.Hour, Phases: []timeline.Phase{{Name: "peak", Capacity: timeline.Capacity{"web": 9}}}}
		return s.Schedule()
	}
	cps := checkpoints([]timeline.Schedule{mk("a", onSale, true), mk("b", onSale, true), mk("c", onSale.Add(time.Hour), true), mk("u", onSale, false)},
		[]time.Duration{-24 * time.Hour, -15 * time.Minute})
	var got []string
	for _, cp := range cps {
		got = append(got, cp.label+" "+strings.Join(cp.shows, "+")+" "+cp.at.Format("02 15:04")+"–"+cp.until.Format("02 15:04"))
	}
	assert.Equal(t, []string{
		"-24h a+b 30 09:00–01 08:45",
		"-24h c 30 10:00–01 09:45",
		"-15m a+b 01 08:45–01 09:00",
		"-15m c 01 09:45–01 10:00",
	}, got, "shows on sale together share an evaluation; an unapproved show has none")
}
