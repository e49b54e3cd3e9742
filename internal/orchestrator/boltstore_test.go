package orchestrator

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func openTestStore(t *testing.T) *BoltStore {
	t.Helper()
	s, err := OpenBolt(filepath.Join(t.TempDir(), "sub", "ledger.db"))
	require.NoError(t, err)
	return s
}

func TestBoltStore_leases(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTestStore(t)
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)

	a, err := s.Acquire(ctx, "st", "a", now, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(1), a.Token)
	_, err = s.Acquire(ctx, "st", "b", now.Add(59*time.Second), time.Minute)
	assert.ErrorIs(t, err, ErrLeaseHeld)
	again, err := s.Acquire(ctx, "st", "a", now.Add(10*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, a.Token, again.Token, "the holder re-acquiring keeps its token")

	// Expired: b takes over with a higher token, and a's writes are fenced off.
	b, err := s.Acquire(ctx, "st", "b", now.Add(71*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), b.Token)
	_, err = s.Renew(ctx, a, now.Add(72*time.Second), time.Minute)
	assert.ErrorIs(t, err, ErrLeaseLost)
	assert.ErrorIs(t, s.Record(ctx, a, Run{ID: "r1", Stack: "st"}), ErrLeaseLost)
	require.NoError(t, s.Record(ctx, b, Run{ID: "r2", Stack: "st"}))
	require.NoError(t, s.Release(ctx, a), "releasing a lost lease is not an error")

	// Released: free at once, and the token still grows.
	require.NoError(t, s.Release(ctx, b))
	c, err := s.Acquire(ctx, "st", "c", now.Add(73*time.Second), time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(3), c.Token)
	runs, err := s.Runs(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, "r2", runs[0].ID)
}

func TestBoltStore_ledgerOrderAndLimit(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := openTestStore(t)
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	la, err := s.Acquire(ctx, "a", "h", now, time.Hour)
	require.NoError(t, err)
	lb, err := s.Acquire(ctx, "b", "h", now, time.Hour)
	require.NoError(t, err)
	for i := 4; i >= 0; i-- {
		started := now.Add(time.Duration(i) * time.Second)
		l, stack := la, "a"
		if i%2 == 1 {
			l, stack = lb, "b"
		}
		require.NoError(t, s.Record(ctx, l, Run{ID: runID(started, "h"), Stack: stack, Started: started, Outcome: OutcomeApplied}))
	}
	all, err := s.Runs(ctx, "", 0)
	require.NoError(t, err)
	require.Len(t, all, 5)
	for i, r := range all {
		assert.Equal(t, now.Add(time.Duration(i)*time.Second), r.Started)
	}
	onlyA, err := s.Runs(ctx, "a", 2)
	require.NoError(t, err)
	require.Len(t, onlyA, 2)
	assert.Equal(t, []time.Time{now.Add(2 * time.Second), now.Add(4 * time.Second)}, []time.Time{onlyA[0].Started, onlyA[1].Started})
	// Rewriting a run by ID replaces it.
	r := onlyA[1]
	r.Outcome = OutcomeFailed
	require.NoError(t, s.Record(ctx, la, r))
	onlyA, err = s.Runs(ctx, "a", 0)
	require.NoError(t, err)
	assert.Len(t, onlyA, 3)
	assert.Equal(t, OutcomeFailed, onlyA[2].Outcome)
}

// TestBoltStore_oneHolderAtATime has many goroutines, each with its own
// handle on the file, race for one lease: exactly one wins.
func TestBoltStore_oneHolderAtATime(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "ledger.db")
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	var mu sync.Mutex
	winners := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := OpenBolt(path)
			if !assert.NoError(t, err) {
				return
			}
			if _, err := s.Acquire(context.Background(), "st", string(rune('a'+i)), now, time.Minute); err == nil {
				mu.Lock()
				winners++
				mu.Unlock()
			} else {
				assert.ErrorIs(t, err, ErrLeaseHeld)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, winners)
}
