package orchestrator

import "testing"

// testLogger sends the orchestrator's log to the test's.
type testLogger struct{ t *testing.T }

func (l testLogger) Info(msg string, kv ...any) { l.t.Logf("INFO %s %v", msg, kv) }
func (l testLogger) Error(err error, msg string, kv ...any) {
	l.t.Logf("ERROR %s: %v %v", msg, err, kv)
}
