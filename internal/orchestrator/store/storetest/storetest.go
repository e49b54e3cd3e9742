// Package storetest is the conformance suite of store.Store: every
// implementation's tests run it against a real place (a file, a table on a
// DynamoDB-compatible server).
package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// Place makes a fresh place for a store (a file, a table) and returns how
// to open a handle on it; handles opened twice share the place, as two
// processes would.
type Place func(t *testing.T) func() store.Store

// Conformance is what every store.Store must do.
func Conformance(t *testing.T, place Place) {
	t.Run("leases", func(t *testing.T) { testLeases(t, place(t)()) })
	t.Run("ledger", func(t *testing.T) { testLedger(t, place(t)()) })
	t.Run("one holder at a time", func(t *testing.T) { testOneHolder(t, place(t)) })
}

func testLeases(t *testing.T, s store.Store) {
	ctx := context.Background()
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)

	a, err := s.Acquire(ctx, "st", "a", now, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(1), a.Token)
	assert.Equal(t, now.Add(time.Minute), a.Expires)
	_, err = s.Acquire(ctx, "st", "b", now.Add(59*time.Second), time.Minute)
	assert.ErrorIs(t, err, store.ErrLeaseHeld)
	again, err := s.Acquire(ctx, "st", "a", now.Add(10*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, a.Token, again.Token, "the holder re-acquiring keeps its token")
	renewed, err := s.Renew(ctx, again, now.Add(20*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, now.Add(80*time.Second), renewed.Expires)

	// Expired: b takes over with a higher token, and a is fenced off.
	b, err := s.Acquire(ctx, "st", "b", now.Add(81*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), b.Token)
	_, err = s.Renew(ctx, a, now.Add(82*time.Second), time.Minute)
	assert.ErrorIs(t, err, store.ErrLeaseLost)
	assert.ErrorIs(t, s.Record(ctx, a, store.Run{ID: "r1", Stack: "st"}), store.ErrLeaseLost)
	require.NoError(t, s.Record(ctx, b, store.Run{ID: "r2", Stack: "st", Outcome: store.OutcomeRunning}))
	require.NoError(t, s.Release(ctx, a), "releasing a lost lease is not an error")

	// Released: free at once, and the token still grows.
	require.NoError(t, s.Release(ctx, b))
	c, err := s.Acquire(ctx, "st", "c", now.Add(83*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(3), c.Token)
	// Leases are per stack.
	other, err := s.Acquire(ctx, "other", "a", now.Add(83*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(1), other.Token)

	runs, err := s.Runs(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, "r2", runs[0].ID)
	assert.Equal(t, store.OutcomeRunning, runs[0].Outcome)
}

func testLedger(t *testing.T, s store.Store) {
	ctx := context.Background()
	// Leases that do not expire during the test, on the real clock: the
	// DynamoDB store checks a lease is still live when it records.
	now := clock.Real{}.Now().Add(time.Hour)
	la, err := s.Acquire(ctx, "a", "h", now, time.Hour)
	require.NoError(t, err)
	lb, err := s.Acquire(ctx, "b", "h", now, time.Hour)
	require.NoError(t, err)
	base := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := 4; i >= 0; i-- {
		started := base.Add(time.Duration(i) * time.Second)
		l, stack := la, "a"
		if i%2 == 1 {
			l, stack = lb, "b"
		}
		require.NoError(t, s.Record(ctx, l, store.Run{ID: store.NewRunID(started, "h"), Stack: stack, Instant: started, Started: started, Outcome: store.OutcomeApplied,
			Changed: []string{"terraform_data.web"}, PlanSHA256: "abc", Lag: time.Millisecond}))
	}
	all, err := s.Runs(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, all, 5)
	for i, r := range all {
		assert.True(t, base.Add(time.Duration(i)*time.Second).Equal(r.Started), "run %d in order", i)
	}
	assert.Equal(t, []string{"terraform_data.web"}, all[0].Changed)
	assert.Equal(t, time.Millisecond, all[0].Lag)
	onlyA, err := s.Runs(ctx, "a", 2)
	require.NoError(t, err)
	require.Len(t, onlyA, 2, "the last two of stack a")
	assert.True(t, base.Add(2*time.Second).Equal(onlyA[0].Started))
	assert.True(t, base.Add(4*time.Second).Equal(onlyA[1].Started))
	// Rewriting a run by ID replaces it.
	r := onlyA[1]
	r.Outcome = store.OutcomeFailed
	require.NoError(t, s.Record(ctx, la, r))
	onlyA, err = s.Runs(ctx, "a", 0)
	require.NoError(t, err)
	assert.Len(t, onlyA, 3)
	assert.Equal(t, store.OutcomeFailed, onlyA[2].Outcome)
	none, err := s.Runs(ctx, "nothing", 0)
	require.NoError(t, err)
	assert.Empty(t, none)
}

// testOneHolder has many handles race for one lease: exactly one wins.
func testOneHolder(t *testing.T, open func() store.Store) {
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	stores := make([]store.Store, 8)
	for i := range stores {
		stores[i] = open()
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := 0
	for i, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.Acquire(context.Background(), "st", fmt.Sprintf("h%d", i), now, time.Minute); err == nil {
				mu.Lock()
				winners++
				mu.Unlock()
			} else {
				assert.ErrorIs(t, err, store.ErrLeaseHeld)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, winners)
}
