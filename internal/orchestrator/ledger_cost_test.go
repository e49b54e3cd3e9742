package orchestrator

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/dynamo"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
)

// TestDynamoStore_operationsPerTransition counts the DynamoDB calls one
// transition costs: a figure for capacity planning and the IAM policy.
func TestDynamoStore_operationsPerTransition(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	ledger, err := dynamo.Open(context.Background(), dynamo.Config{Table: "hotshow", Region: "ap-southeast-2", Endpoint: server.Endpoint})
	require.NoError(t, err)
	require.NoError(t, ledger.Create(context.Background()))
	onSale := time.Now().UTC().Add(-time.Minute)
	r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
	cfg := testConfig(t, "s")
	o, err := New(context.Background(), cfg, WithStore(ledger), WithRunnerFactory(func(config.Stack) (tfrun.Runner, error) { return r, nil }))
	require.NoError(t, err)
	ctx := context.Background()
	_, err = o.Discover(ctx, cfg.Stacks[0]) // init and state pull: no store calls
	require.NoError(t, err)
	before := [2]int64{ledger.Stats().Reads.Load(), ledger.Stats().Writes.Load()}
	res := o.RunStack(ctx, ctx, cfg.Stacks[0], onSale, 1)
	require.NoError(t, res.Err)
	require.Equal(t, store.OutcomeApplied, res.Run.Outcome)
	reads, writes := ledger.Stats().Reads.Load()-before[0], ledger.Stats().Writes.Load()-before[1]
	t.Logf("one applied transition: %d reads, %d writes, %d errors", reads, writes, ledger.Stats().Errors.Load())
	// Reads: the lease, the stack's recent runs. Writes: the lease taken,
	// the run recorded as running (lease check + put), the lease confirmed
	// before the apply, the run recorded as applied (lease check + put), the
	// lease released.
	assert.Equal(t, int64(2), reads)
	assert.Equal(t, int64(7), writes)
	assert.Zero(t, ledger.Stats().Errors.Load())
}
