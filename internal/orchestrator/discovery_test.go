package orchestrator

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDiscoverAll_reportsProgress(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	runners := map[string]*fakeRunner{}
	for _, s := range []string{"a", "b", "c"} {
		runners[s] = &fakeRunner{state: stateJSON(t, show(t, s, onSale))}
	}
	o := newTestOrchestrator(t, testConfig(t, "a", "b", "c"), runners)
	var calls []string
	require.NoError(t, WithProgress(func(what string, done, total int) { calls = append(calls, fmt.Sprintf("%s %d/%d", what, done, total)) })(o))
	states, err := o.DiscoverAll(context.Background())
	require.NoError(t, err)
	require.Len(t, states, 3)
	assert.Equal(t, []string{"discovering stacks 0/3", "discovering stacks 1/3", "discovering stacks 2/3", "discovering stacks 3/3"}, calls)
}
