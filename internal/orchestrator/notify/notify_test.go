package notify

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

func TestRedactURL(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "https://hooks.example.com/…", redactURL("https://hooks.example.com/services/T000/B000/XXXXSECRET"))
	err := &net.OpError{Op: "dial", Err: io.EOF}
	assert.NotContains(t, redactErr(err, "https://x/secret"), "secret")
	assert.NotContains(t, redactErr(io.ErrUnexpectedEOF, "https://x/secret"), "secret")
}

func TestRunAlert_lateAndPartial(t *testing.T) {
	t.Parallel()
	instant := time.Date(2026, 12, 1, 8, 55, 0, 0, time.UTC)
	run := store.Run{ID: "r", Stack: "ticketing", Instant: instant, Attempt: 1, Started: instant.Add(4*time.Minute + 10*time.Second),
		Finished: instant.Add(4*time.Minute + 12*time.Second), Lag: 4*time.Minute + 10*time.Second, Outcome: store.OutcomeApplied,
		Diff: []string{"aws_autoscaling_group.web.min_size: 4 -> 40"}}
	a, ok := RunAlert(run, []string{"warm"})
	require.True(t, ok)
	assert.Equal(t, EventApplied, a.Event)
	assert.Equal(t, ":white_check_mark: *ticketing* transition 2026-12-01T08:55:00Z (warm) applied, *4m10s late*, took 2s\n• aws_autoscaling_group.web.min_size: 4 -&gt; 40", a.Text)

	run.Lag, run.Outcome = 12*time.Millisecond, store.OutcomePartial
	run.Error = "policy capacity-only refused the plan: aws_dynamodb_table.orders: changes tags.team, which is not a capacity setting"
	a, ok = RunAlert(run, nil)
	require.True(t, ok)
	assert.Equal(t, EventRefused, a.Event, "a partial run is alerted to whoever follows refusals")
	assert.Equal(t, ":warning: *ticketing* transition 2026-12-01T08:55:00Z *partly refused*: the allowed resources were applied, lag 12ms, took 2s; "+
		"policy capacity-only refused the plan: aws_dynamodb_table.orders: changes tags.team, which is not a capacity setting\n• applied aws_autoscaling_group.web.min_size: 4 -&gt; 40", a.Text)
}
