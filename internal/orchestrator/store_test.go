package orchestrator

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
)

// storePlace makes a fresh place for a store (a file, a table) and returns
// how to open a handle on it; handles opened twice share the place, as two
// processes would.
type storePlace func(t *testing.T) func() Store

func boltPlace(t *testing.T) func() Store {
	path := filepath.Join(t.TempDir(), "sub", "ledger.db")
	return func() Store {
		s, err := OpenBolt(path)
		require.NoError(t, err)
		return s
	}
}

// dynamoPlace shares one dynalite server per test and gives each place its
// own table.
func dynamoPlace(server *dynalitetest.Server) storePlace {
	n := 0
	var mu sync.Mutex
	return func(t *testing.T) func() Store {
		mu.Lock()
		n++
		table := fmt.Sprintf("hotshow-%d", n)
		mu.Unlock()
		cfg := DynamoConfig{Table: table, Region: "ap-southeast-2", Endpoint: server.Endpoint}
		s, err := OpenDynamo(context.Background(), cfg)
		require.NoError(t, err)
		require.NoError(t, s.CreateTable(context.Background()))
		return func() Store {
			s, err := OpenDynamo(context.Background(), cfg)
			require.NoError(t, err)
			return s
		}
	}
}

func TestBoltStore_conformance(t *testing.T) {
	testStoreConformance(t, boltPlace)
}

func TestDynamoStore_conformance(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	testStoreConformance(t, dynamoPlace(server))
}

// testStoreConformance is what every Store must do.
func testStoreConformance(t *testing.T, place storePlace) {
	t.Run("leases", func(t *testing.T) { testLeases(t, place(t)()) })
	t.Run("ledger", func(t *testing.T) { testLedger(t, place(t)()) })
	t.Run("one holder at a time", func(t *testing.T) { testOneHolder(t, place(t)) })
}

func testLeases(t *testing.T, s Store) {
	ctx := context.Background()
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)

	a, err := s.Acquire(ctx, "st", "a", now, time.Minute)
	require.NoError(t, err)
	assert.Equal(t, uint64(1), a.Token)
	assert.Equal(t, now.Add(time.Minute), a.Expires)
	_, err = s.Acquire(ctx, "st", "b", now.Add(59*time.Second), time.Minute)
	assert.ErrorIs(t, err, ErrLeaseHeld)
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
	assert.ErrorIs(t, err, ErrLeaseLost)
	assert.ErrorIs(t, s.Record(ctx, a, Run{ID: "r1", Stack: "st"}), ErrLeaseLost)
	require.NoError(t, s.Record(ctx, b, Run{ID: "r2", Stack: "st", Outcome: OutcomeRunning}))
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
	assert.Equal(t, OutcomeRunning, runs[0].Outcome)
}

func testLedger(t *testing.T, s Store) {
	ctx := context.Background()
	// Leases that do not expire during the test, on the real clock: the
	// DynamoDB store checks a lease is still live when it records.
	now := time.Now().Add(time.Hour)
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
		require.NoError(t, s.Record(ctx, l, Run{ID: runID(started, "h"), Stack: stack, Instant: started, Started: started, Outcome: OutcomeApplied,
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
	r.Outcome = OutcomeFailed
	require.NoError(t, s.Record(ctx, la, r))
	onlyA, err = s.Runs(ctx, "a", 0)
	require.NoError(t, err)
	assert.Len(t, onlyA, 3)
	assert.Equal(t, OutcomeFailed, onlyA[2].Outcome)
	none, err := s.Runs(ctx, "nothing", 0)
	require.NoError(t, err)
	assert.Empty(t, none)
}

// testOneHolder has many handles race for one lease: exactly one wins.
func testOneHolder(t *testing.T, open func() Store) {
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	stores := make([]Store, 8)
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
				assert.ErrorIs(t, err, ErrLeaseHeld)
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, winners)
}

// TestDynamoStore_operationsPerTransition counts the DynamoDB calls one
// transition costs: a figure for capacity planning and the IAM policy.
func TestDynamoStore_operationsPerTransition(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	open := dynamoPlace(server)(t)
	store, ok := open().(*DynamoStore)
	require.True(t, ok)
	onSale := time.Now().UTC().Add(-time.Minute)
	r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
	cfg := testConfig(t, "s")
	o, err := New(context.Background(), cfg, WithStore(store), WithRunnerFactory(func(StackConfig) (Runner, error) { return r, nil }))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = o.Discover(ctx, cfg.Stacks[0]) // init and state pull: no store calls
	require.NoError(t, err)
	before := [2]int64{store.Stats().Reads.Load(), store.Stats().Writes.Load()}
	res := o.RunStack(ctx, ctx, cfg.Stacks[0], onSale, 1)
	require.NoError(t, res.Err)
	require.Equal(t, OutcomeApplied, res.Run.Outcome)
	reads, writes := store.Stats().Reads.Load()-before[0], store.Stats().Writes.Load()-before[1]
	t.Logf("one applied transition: %d reads, %d writes, %d errors", reads, writes, store.Stats().Errors.Load())
	// Reads: the lease, the stack's recent runs. Writes: the lease taken,
	// the run recorded as running (lease check + put), the lease confirmed
	// before the apply, the run recorded as applied (lease check + put), the
	// lease released.
	assert.Equal(t, int64(2), reads)
	assert.Equal(t, int64(7), writes)
	assert.Zero(t, store.Stats().Errors.Load())
}
