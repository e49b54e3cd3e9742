package dynamo_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock/clocktest"
	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/dynamo"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/storetest"
)

// tables gives each place its own table on one dynalite server.
var tables atomic.Int64

func place(t *testing.T, server *dynalitetest.Server, opts ...dynamo.Option) func() store.Store {
	cfg := dynamo.Config{Table: fmt.Sprintf("hotshow-%d", tables.Add(1)), Region: "ap-southeast-2", Endpoint: server.Endpoint}
	s, err := dynamo.Open(context.Background(), cfg, opts...)
	require.NoError(t, err)
	require.NoError(t, s.Create(context.Background()))
	return func() store.Store {
		s, err := dynamo.Open(context.Background(), cfg, opts...)
		require.NoError(t, err)
		return s
	}
}

func TestStore_conformance(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	storetest.Conformance(t, func(t *testing.T) func() store.Store { return place(t, server) })
}

// TestStore_recordsOnItsClock: a run is recorded only under a lease with
// time left on the store's clock, the one WithClock sets.
func TestStore_recordsOnItsClock(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	now := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	clk := clocktest.New(now)
	s := place(t, server, dynamo.WithClock(clk))()
	ctx := context.Background()
	l, err := s.Acquire(ctx, "st", "a", now, time.Minute)
	require.NoError(t, err)
	require.NoError(t, s.Record(ctx, l, store.Run{ID: "r1", Stack: "st", Outcome: store.OutcomeRunning}))
	clk.Set(now.Add(59*time.Second + 500*time.Millisecond)) // half a second left: less than a write's margin
	assert.ErrorIs(t, s.Record(ctx, l, store.Run{ID: "r1", Stack: "st", Outcome: store.OutcomeApplied}), store.ErrLeaseLost)
	runs, err := s.Runs(ctx, "st", 0)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, store.OutcomeRunning, runs[0].Outcome, "nothing recorded past the lease")

	_, err = dynamo.Open(ctx, dynamo.Config{Table: "t", Region: "r"}, dynamo.WithClock(nil))
	assert.EqualError(t, err, "clock must not be nil")
}
