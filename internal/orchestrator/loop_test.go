package orchestrator

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock/clocktest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
)

// The scheduler tests run in a synctest bubble: time is fake and moves only
// when every goroutine is blocked, so instants are exact and nothing sleeps.

// runFor runs o's daemon for d of bubble time, then stops it.
func runFor(t *testing.T, o *Orchestrator, d time.Duration) {
	t.Helper()
	stop := runInBackground(t, o)
	time.Sleep(d)
	stop()
}

// runInBackground starts o's daemon; stop ends it and checks it ended well.
func runInBackground(t *testing.T, o *Orchestrator) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- o.Run(ctx) }()
	return func() {
		t.Helper()
		cancel()
		require.NoError(t, <-done)
	}
}

func instants(s ...time.Time) []time.Time { return s }

func TestRun_appliesEachTransitionAtItsInstant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 3*time.Hour)

		want := instants(onSale.Add(-10*time.Minute), onSale, onSale.Add(30*time.Minute), onSale.Add(time.Hour))
		plans, applies := r.snapshot()
		assert.Equal(t, want, plans)
		assert.Equal(t, want, applies)
		// Each plan happened exactly at its instant: never early, never late.
		assert.Equal(t, want, r.planAt)
		assert.Equal(t, 1, r.inits, "init runs once per working directory")
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 4)
		for i, run := range runs {
			assert.Equal(t, store.OutcomeApplied, run.Outcome)
			assert.Equal(t, want[i], run.Instant)
			assert.Zero(t, run.Lag)
			assert.Equal(t, []string{"terraform_data.web"}, run.Changed)
		}
	})
}

// TestRun_slowApplyRunsTheNextRightAfter: an apply that outlasts the gap to
// the next transition (an ASG waiting for its instances) delays that one,
// which runs as soon as the stack is free, says how late it is, and the
// stack's applies, slower than the show's lead, are warned of.
func TestRun_slowApplyRunsTheNextRightAfter(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), applyTakes: 15 * time.Minute}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(time.Hour + 25*time.Minute) // warm and peak applied
		states, err := o.DiscoverAll(context.Background())
		require.NoError(t, err)
		warnings, err := o.Warnings(context.Background(), states, time.Now())
		require.NoError(t, err)
		assert.Equal(t, []Warning{{Stack: "s", Show: "a", Text: "the stack's applies took up to 15m0s (the slowest of its last 2), longer than the show's lead of 5m0s: " +
			"its capacity will arrive up to 10m0s after each phase begins; raise lead or make the apply return sooner (an ASG's wait_for_capacity_timeout = \"0\")"}}, warnings)
		time.Sleep(2 * time.Hour)
		stop()

		assert.Equal(t, instants(onSale.Add(-10*time.Minute), onSale.Add(5*time.Minute), onSale.Add(30*time.Minute), onSale.Add(time.Hour)), r.planAt,
			"peak runs as soon as the warm-up's apply ends, 5 minutes late; the others on time")
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 4)
		assert.Equal(t, onSale, runs[1].Instant)
		assert.Equal(t, 5*time.Minute, runs[1].Lag, "the ledger says how late")
		alert, ok := notify.RunAlert(runs[1], []string{"peak"})
		require.True(t, ok)
		assert.Contains(t, alert.Text, "applied, *5m0s late*, took 15m0s")

		states, err = o.DiscoverAll(context.Background())
		require.NoError(t, err)
		warnings, err = o.Warnings(context.Background(), states, time.Now())
		require.NoError(t, err)
		assert.Empty(t, warnings, "the show is over")
	})
}

func TestRun_catchesUpOnStart(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// Down across the warm and peak transitions: one run, for peak, at once.
		onSale := time.Now().UTC().Add(-5 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		start := time.Now().UTC()
		runFor(t, o, time.Minute)
		plans, _ := r.snapshot()
		assert.Equal(t, instants(onSale), plans)
		assert.Equal(t, []time.Time{start}, r.planAt)
	})
}

func TestRun_restartDoesNotRepeatSettledRuns(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
		cfg := testConfig(t, "s")
		o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
		runFor(t, o, time.Hour+time.Minute) // warm and peak
		again, err := New(context.Background(), cfg, WithStore(o.Store()), WithRunnerFactory(func(config.Stack) (tfrun.Runner, error) { return r, nil }))
		require.NoError(t, err)
		runFor(t, again, 2*time.Hour)
		plans, _ := r.snapshot()
		assert.Equal(t, instants(onSale.Add(-10*time.Minute), onSale, onSale.Add(30*time.Minute), onSale.Add(time.Hour)), plans)
	})
}

func TestRun_retriesAFailedApplyWithBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		warm := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), failApply: 2}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, time.Hour-5*time.Minute) // before peak

		// Back-off of 10 s, doubling: retries at +10 s and +30 s.
		assert.Equal(t, instants(warm, warm.Add(10*time.Second), warm.Add(30*time.Second)), r.planAt)
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		var got []string
		for _, run := range runs {
			got = append(got, string(run.Outcome)+"/"+string(rune('0'+run.Attempt)))
		}
		assert.Equal(t, []string{"failed/1", "failed/2", "applied/3"}, got)
		assert.Contains(t, runs[0].Error, "apply failed on purpose")
	})
}

func TestRun_nextTransitionSupersedesRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), failApply: 1000}
		cfg := testConfig(t, "s")
		o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
		runFor(t, o, time.Hour+time.Second)
		plans, _ := r.snapshot()
		last := plans[len(plans)-1]
		assert.Equal(t, onSale, last, "the peak transition is run as soon as it comes")
		assert.Equal(t, onSale, r.planAt[len(r.planAt)-1])
		for _, p := range plans[:len(plans)-1] {
			assert.Equal(t, onSale.Add(-10*time.Minute), p, "retries are for the warm instant only")
		}
		assert.Greater(t, len(plans), 5)
	})
}

func TestRun_refusedPlanIsRecordedNotApplied(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), action: tfjson.ActionCreate}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, time.Hour-time.Minute) // only the warm transition
		plans, applies := r.snapshot()
		assert.Len(t, plans, 1, "a refused instant is not retried")
		assert.Empty(t, applies)
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 1)
		assert.Equal(t, store.OutcomeRefused, runs[0].Outcome)
		assert.Equal(t, "policy capacity-only refused the plan: terraform_data.web: would be created", runs[0].Error)
	})
}

func TestRun_shutdownLetsApplyFinish(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), applyGate: make(chan struct{}), applying: make(chan struct{}, 1)}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- o.Run(ctx) }()
		<-r.applying // the warm apply has started
		cancel()     // SIGTERM
		time.Sleep(5 * time.Minute)
		synctest.Wait()
		select {
		case <-done:
			t.Fatal("the daemon stopped while an apply was in progress")
		default:
		}
		close(r.applyGate)
		require.NoError(t, <-done)
		_, applies := r.snapshot()
		assert.Equal(t, instants(onSale.Add(-10*time.Minute)), applies)
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 1)
		assert.Equal(t, store.OutcomeApplied, runs[0].Outcome)
	})
}

func TestRun_parallelismBoundsStacksAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		counter := &maxCounter{}
		runners := map[string]*fakeRunner{}
		cfg := testConfig(t, "a", "b", "c")
		cfg.Parallelism = 2
		for _, s := range cfg.Stacks {
			runners[s.Name] = &fakeRunner{state: stateJSON(t, show(t, s.Name, onSale)), maxRunning: counter}
		}
		o := newTestOrchestrator(t, cfg, runners)
		runFor(t, o, 3*time.Hour)
		assert.Equal(t, 2, counter.max)
		for name, r := range runners {
			_, applies := r.snapshot()
			assert.Len(t, applies, 4, "stack %s", name)
		}
	})
}

func TestRun_twoReplicasApplyEachTransitionOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		a := &fakeRunner{state: stateJSON(t, show(t, "x", onSale))}
		b := &fakeRunner{state: stateJSON(t, show(t, "x", onSale))}
		cfgA, cfgB := testConfig(t, "s"), testConfig(t, "s")
		cfgA.Holder, cfgB.Holder = "replica-a", "replica-b"
		oa := newTestOrchestrator(t, cfgA, map[string]*fakeRunner{"s": a})
		ob, err := New(context.Background(), cfgB, WithStore(oa.Store()), WithRunnerFactory(func(config.Stack) (tfrun.Runner, error) { return b, nil }))
		require.NoError(t, err)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 2)
		go func() { done <- oa.Run(ctx) }()
		go func() { done <- ob.Run(ctx) }()
		time.Sleep(3 * time.Hour)
		cancel()
		require.NoError(t, <-done)
		require.NoError(t, <-done)
		_, appliedA := a.snapshot()
		_, appliedB := b.snapshot()
		assert.Len(t, append(appliedA, appliedB...), 4, "each of the 4 transitions applied once in all")
	})
}

// TestRun_clockJumpsOverTwoTransitions moves a fake clock past two
// transitions at once, as a suspended machine or a clock step would: one
// run, for the latest, and the skipped transition is not run late.
func TestRun_clockJumpsOverTwoTransitions(t *testing.T) {
	start := time.Date(2027, 1, 1, 11, 0, 0, 0, time.UTC)
	onSale := start.Add(time.Hour)
	clk := clocktest.New(start)
	r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
	cfg := testConfig(t, "s")
	o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
	require.NoError(t, WithClock(clk)(o))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- o.Run(ctx) }()

	settledAt := func(at time.Time) func() bool {
		return func() bool {
			runs, err := o.Store().Runs(context.Background(), "s", 0)
			return err == nil && len(runs) > 0 && runs[len(runs)-1].Instant.Equal(at) && runs[len(runs)-1].Outcome.Settled()
		}
	}
	clk.Set(onSale.Add(-10 * time.Minute)) // warm
	require.Eventually(t, settledAt(onSale.Add(-10*time.Minute)), 10*time.Second, 10*time.Millisecond)
	clk.Set(onSale.Add(45 * time.Minute)) // over peak (0) and tail (+30m)
	require.Eventually(t, settledAt(onSale.Add(30*time.Minute)), 10*time.Second, 10*time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	plans, _ := r.snapshot()
	assert.Equal(t, instants(onSale.Add(-10*time.Minute), onSale.Add(30*time.Minute)), plans)
}

// TestRun_failedDiscoveryRetriedAfterBackoff: a discovery that fails, the
// first one included, is tried again RetryBackoff later, not at once and
// not a whole resync interval later; then the transitions run on time.
func TestRun_failedDiscoveryRetriedAfterBackoff(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now().UTC()
		onSale := start.Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), failPulls: 2}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 3*time.Hour)
		require.GreaterOrEqual(t, len(r.pullAt), 3)
		assert.Equal(t, instants(start, start.Add(10*time.Second), start.Add(20*time.Second)), r.pullAt[:3], "retried every 10 s (retry_backoff)")
		_, applies := r.snapshot()
		assert.Len(t, applies, 4)
	})
}
