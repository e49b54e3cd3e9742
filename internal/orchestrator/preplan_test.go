package orchestrator

import (
	"bytes"
	"context"
	"testing"
	"testing/synctest"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// preplanConfig is testConfig with pre-planning on.
func preplanConfig(t *testing.T, p config.Preplan, stacks ...string) *config.Config {
	c := testConfig(t, stacks...)
	c.Preplan = p
	return c
}

func TestPreplan_plansAheadAndAppliesAtTheInstant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), applyTakes: 3 * time.Second}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 3*time.Hour)

		want := instants(onSale.Add(-10*time.Minute), onSale, onSale.Add(30*time.Minute), onSale.Add(time.Hour))
		plans, applies := r.snapshot()
		assert.Equal(t, want, plans, "each instant planned once")
		assert.Equal(t, want, applies)
		var ahead []time.Time
		for _, at := range want {
			ahead = append(ahead, at.Add(-2*time.Minute))
		}
		assert.Equal(t, ahead, r.planAt, "planned the lead ahead of each instant")
		assert.Equal(t, want, r.applyAt, "applied exactly at each instant")
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 4)
		for i, run := range runs {
			assert.Equal(t, store.OutcomeApplied, run.Outcome)
			assert.Equal(t, want[i], run.Instant)
			assert.Equal(t, want[i].Add(-2*time.Minute), run.Preplanned)
			assert.Equal(t, want[i], run.Started)
			assert.Zero(t, run.Lag)
			assert.Equal(t, 2*time.Minute, run.PlanAge)
			assert.Equal(t, 3*time.Second, run.Requested, "instant → apply finished: the apply alone")
			assert.Empty(t, run.Replanned)
			assert.Equal(t, []string{"terraform_data.web"}, run.Changed)
		}
	})
}

// TestPreplan_offPlansAtTheInstant: with pre-planning off, the run plans at
// the instant and capacity is requested a plan later.
func TestPreplan_offPlansAtTheInstant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), planTakes: 5 * time.Second, applyTakes: 3 * time.Second}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Off: true, Min: time.Second, Max: time.Hour}, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 3*time.Hour)

		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 4)
		for _, run := range runs {
			assert.Zero(t, run.Preplanned)
			assert.Equal(t, run.Instant, run.Started)
			assert.Equal(t, 8*time.Second, run.Requested, "plan, then apply")
		}
	})
}

// TestPreplan_stalePlanIsPlannedAgainAtOnce: CI applied between the plan
// and the instant, so Terraform refuses the saved plan; the run plans again
// at once, applies, and the ledger says why.
func TestPreplan_stalePlanIsPlannedAgainAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		first := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), planTakes: 5 * time.Second, staleApplies: 1}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 55*time.Minute)

		plans, applies := r.snapshot()
		assert.Equal(t, instants(first, first), plans, "planned ahead, then again at the instant")
		assert.Equal(t, instants(first), applies)
		assert.Equal(t, instants(first.Add(-2*time.Minute).Add(5*time.Second), first.Add(5*time.Second)), r.planAt)
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 1)
		run := runs[0]
		assert.Equal(t, store.OutcomeApplied, run.Outcome)
		assert.Empty(t, run.Error)
		assert.Equal(t, 1, run.Attempt)
		assert.Contains(t, run.Replanned, "the plan made at "+first.Add(-2*time.Minute).Format(time.RFC3339)+" was stale: the state changed after it (Terraform refused it: Saved plan is stale); planned again")
		assert.Equal(t, 5*time.Second, run.PlanTime, "the time of the plan applied")
		assert.Equal(t, 5*time.Second, run.Requested, "instant → apply finished: the plan made again")
	})
}

// TestPreplan_unchangedPlanOfAMovedStateIsPlannedAgain: a plan without
// changes is kept only while the state stays at the serial it was made from.
func TestPreplan_unchangedPlanOfAMovedStateIsPlannedAgain(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		first := onSale.Add(-10 * time.Minute)
		state := stateJSON(t, show(t, "a", onSale))
		r := &fakeRunner{state: state, unchanged: true}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(time.Until(first) - time.Minute) // planned a minute ago
		r.write(bytes.Replace(state, []byte(`"serial":7`), []byte(`"serial":8`), 1), "")
		time.Sleep(5 * time.Minute)
		stop()

		plans, _ := r.snapshot()
		assert.Equal(t, instants(first, first), plans[:2])
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.NotEmpty(t, runs)
		assert.Equal(t, store.OutcomeNoChanges, runs[0].Outcome)
		assert.Equal(t, "the plan made at "+first.Add(-2*time.Minute).Format(time.RFC3339)+" changed nothing, but the state moved since (serial 7, now 8): planned again", runs[0].Replanned)
	})
}

// TestPreplan_refusedAheadOfTheInstant: a refusal is known, recorded and
// final before the instant; nothing is planned at the instant.
func TestPreplan_refusedAheadOfTheInstant(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		first := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), action: tfjson.ActionDelete}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 59*time.Minute) // onSale planned, not yet due

		plans, applies := r.snapshot()
		assert.Equal(t, instants(first, onSale), plans, "each instant planned once, ahead")
		assert.Empty(t, applies)
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 2)
		assert.Equal(t, store.OutcomeRefused, runs[0].Outcome)
		assert.Equal(t, first, runs[0].Instant)
		assert.Equal(t, first.Add(-2*time.Minute), runs[0].Finished, "refused two minutes before its instant")
		assert.Zero(t, runs[0].Lag)
		assert.Contains(t, runs[0].Error, "terraform_data.web: would be destroyed")
	})
}

// TestPreplan_leadFromMeasuredPlans: without a fixed lead, a stack is
// planned preplan_min ahead until its plans are measured, then four times
// its slowest plan ahead.
func TestPreplan_leadFromMeasuredPlans(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		first := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), planTakes: 20 * time.Second}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Min: 30 * time.Second, Max: 10 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 62*time.Minute)

		// planAt is when each plan ended (a plan takes 20 s).
		require.Len(t, r.planAt, 2)
		assert.Equal(t, first.Add(-30*time.Second).Add(20*time.Second), r.planAt[0], "no plan measured yet: preplan_min ahead")
		assert.Equal(t, onSale.Add(-80*time.Second).Add(20*time.Second), r.planAt[1], "four times the 20 s plan ahead")
	})
}

// TestPreplan_shutdownReleasesTheLease: a plan made ahead is dropped on
// SIGTERM and its lease released, for another replica to run the instant.
func TestPreplan_shutdownReleasesTheLease(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(49 * time.Minute) // planned ahead a minute ago
		plans, _ := r.snapshot()
		require.Len(t, plans, 1)
		_, err := o.Store().Acquire(context.Background(), "s", "other", time.Now(), time.Minute)
		require.ErrorIs(t, err, store.ErrLeaseHeld, "the plan made ahead keeps the lease")
		stop()
		_, err = o.Store().Acquire(context.Background(), "s", "other", time.Now(), time.Minute)
		require.NoError(t, err, "released on shutdown")
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		assert.Empty(t, runs, "nothing recorded for a plan never applied")
	})
}

// TestPreplan_movedShowDropsThePlan: when the shows move after a plan was
// made ahead, the plan is dropped and the new instant planned.
func TestPreplan_movedShowDropsThePlan(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		first := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), stamp: "v1"}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(time.Until(first) - time.Minute) // planned a minute ago
		moved := onSale.Add(30 * time.Minute)
		r.write(stateJSON(t, show(t, "a", moved)), "v2") // CI moved the show
		time.Sleep(time.Hour)
		stop()

		plans, applies := r.snapshot()
		assert.Equal(t, instants(first, moved.Add(-10*time.Minute), moved), plans)
		assert.Equal(t, instants(moved.Add(-10*time.Minute), moved), applies)
	})
}

// TestPreplan_applyWaitsForTheStateLock: CI holds the state lock at the
// instant; the apply of the plan made ahead tries again every second,
// applies within a second of the release, and the ledger has the wait.
func TestPreplan_applyWaitsForTheStateLock(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		first := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), applyLockedTill: first.Add(7500 * time.Millisecond)}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, 55*time.Minute)

		_, applies := r.snapshot()
		assert.Equal(t, instants(first), applies)
		assert.Equal(t, []time.Time{first.Add(8 * time.Second)}, r.applyAt, "the first try after the release")
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 1)
		assert.Equal(t, store.OutcomeApplied, runs[0].Outcome)
		assert.Equal(t, 8*time.Second, runs[0].LockWait)
		assert.Equal(t, 8*time.Second, runs[0].Requested)
	})
}

// TestPreplan_planFinishingAfterShutdownIsDropped: SIGTERM arrives while a
// plan is being made ahead; the plan, once made, is dropped and its lease
// released before the daemon exits.
func TestPreplan_planFinishingAfterShutdownIsDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), planTakes: 20 * time.Second}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(48*time.Minute + 10*time.Second) // the plan of the first transition is half made
		stop()
		plans, _ := r.snapshot()
		require.Len(t, plans, 1, "the plan in progress was let finish")
		_, err := o.Store().Acquire(context.Background(), "s", "other", time.Now(), time.Minute)
		require.NoError(t, err, "its lease released")
	})
}

// TestPreplan_refusalAheadReopenedWhenTheStateMoves: a plan refused ahead
// of its instant (it caught CI between a change of the files and its apply)
// is planned again once the state moves, and the instant is applied on
// time; while the state stays, the refusal stands.
func TestPreplan_refusalAheadReopenedWhenTheStateMoves(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		first := onSale.Add(-10 * time.Minute)
		state := stateJSON(t, show(t, "a", onSale))
		r := &fakeRunner{state: state, stamp: "v1", action: tfjson.ActionDelete}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: 2 * time.Minute}, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(time.Until(first) - time.Minute) // refused a minute ago
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 1)
		require.Equal(t, store.OutcomeRefused, runs[0].Outcome)

		r.mu.Lock()
		r.action = tfjson.ActionUpdate // CI's apply: the plan is a capacity change again
		r.mu.Unlock()
		r.write(bytes.Replace(state, []byte(`"serial":7`), []byte(`"serial":8`), 1), "v2")
		time.Sleep(2 * time.Minute)
		stop()

		_, applies := r.snapshot()
		assert.Equal(t, instants(first), applies, "the instant applied after all")
		assert.Equal(t, []time.Time{first}, r.applyAt, "at its instant")
		runs, err = o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 2)
		assert.Equal(t, store.OutcomeApplied, runs[1].Outcome)
		assert.Equal(t, first, runs[1].Instant)
		assert.True(t, runs[1].Preplanned.Before(first), "planned ahead again")
	})
}
