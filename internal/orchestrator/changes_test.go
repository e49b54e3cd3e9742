package orchestrator

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// Changes made while the daemon runs: CI holding the state lock at an
// instant, and CI adding a show shortly before its first transition.

func TestRun_waitsForAStateLockThenApplies(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		warm := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), lockedTill: warm.Add(25 * time.Second)}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, time.Hour-time.Minute)
		assert.Equal(t, instants(warm.Add(25*time.Second)), r.planAt, "planned as soon as the lock was released")
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 1)
		assert.Equal(t, store.OutcomeApplied, runs[0].Outcome)
		assert.Equal(t, 25*time.Second, runs[0].LockWait, "the ledger says how long the run waited")
		assert.Zero(t, runs[0].Lag, "lag is to the start of the run, which began at the instant")
	})
}

func TestRun_aLockHeldPastTheBoundFailsThenRetries(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		warm := onSale.Add(-10 * time.Minute)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), lockedTill: warm.Add(150 * time.Second)}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		runFor(t, o, time.Hour-time.Minute)
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		require.Len(t, runs, 2)
		assert.Equal(t, store.OutcomeFailed, runs[0].Outcome)
		assert.Contains(t, runs[0].Error, "the state is still locked by someone else after 2m0s (lock_timeout)")
		// The retry, 10 s after the failure (at +2m), waits the last 20 s.
		assert.Equal(t, store.OutcomeApplied, runs[1].Outcome)
		assert.Equal(t, 20*time.Second, runs[1].LockWait)
		assert.Equal(t, instants(warm.Add(150*time.Second)), r.planAt)
	})
}

// addedShow is a state with show "a" and a show "late" whose first
// transition (warm, -10m) is at first.
func addedShow(t *testing.T, onSale, first time.Time) []byte {
	return stateJSON(t, show(t, "a", onSale), show(t, "late", first.Add(10*time.Minute)))
}

func TestRun_aShowAddedByCIIsSeenWithinTheWatchInterval(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now().UTC()
		onSale := start.Add(3 * time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), stamp: "v1"}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(10 * time.Minute)
		first := time.Now().UTC().Add(30 * time.Second)
		r.write([]byte(`{"version": 4, "resources": [`), "v2") // caught half-written
		time.Sleep(1500 * time.Millisecond)
		r.write(addedShow(t, onSale, first), "v3")
		time.Sleep(time.Minute)
		stop()
		plans, _ := r.snapshot()
		assert.Equal(t, instants(first), plans, "the added show's first transition, at its instant, with a resync an hour away")
	})
}

func TestRun_aRemoteStackIsReadAgainOnRequest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now().UTC()
		onSale := start.Add(3 * time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))} // no stamp: a remote backend
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(10 * time.Minute)
		unseen := time.Now().UTC().Add(30 * time.Second)
		r.write(addedShow(t, onSale, unseen), "")
		time.Sleep(time.Minute) // past its instant: nothing told the daemon
		first := time.Now().UTC().Add(30 * time.Second)
		r.write(addedShow(t, onSale, first), "")
		assert.True(t, o.RequestSync("s"))
		assert.False(t, o.RequestSync("nowhere"))
		time.Sleep(time.Minute)
		stop()
		plans, _ := r.snapshot()
		assert.Equal(t, instants(first), plans, "without a request the change waits for the resync; with one, the transition is on time")
	})
}

// TestRun_phasesEditedMidShowAreFollowed: during the peak, CI moves the
// tail 10 minutes earlier; the daemon runs the new tail at its instant and
// never the old one.
func TestRun_phasesEditedMidShowAreFollowed(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), stamp: "v1"}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(time.Hour + 5*time.Minute) // in the peak
		edited := show(t, "a", onSale)
		edited.Steps[2].At = onSale.Add(20 * time.Minute) // tail at +20m instead of +30m
		r.write(stateJSON(t, edited), "v2")
		time.Sleep(2 * time.Hour)
		stop()
		plans, _ := r.snapshot()
		assert.Equal(t, instants(onSale.Add(-10*time.Minute), onSale, onSale.Add(20*time.Minute), onSale.Add(time.Hour)), plans)
	})
}

// TestRun_aSyncAskedDuringAReadIsNotLost: CI's apply lands, and its sync
// arrives, while a read of the stack is under way (that read saw the state
// before CI's change). The stack is read again at once, not at the resync
// an hour later.
func TestRun_aSyncAskedDuringAReadIsNotLost(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now().UTC()
		onSale := start.Add(3 * time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))} // remote: no stamp
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(10 * time.Minute)
		pulling, gate := r.gatePulls()
		require.True(t, o.RequestSync("s")) // a first sync: a read begins
		<-pulling
		first := time.Now().UTC().Add(30 * time.Second)
		r.write(addedShow(t, onSale, first), "") // CI's apply, after the read began
		require.True(t, o.RequestSync("s"))      // and its sync, during the read
		close(gate)
		time.Sleep(time.Minute)
		stop()
		plans, _ := r.snapshot()
		assert.Equal(t, instants(first), plans, "read again after the read that missed it: on time")
	})
}
