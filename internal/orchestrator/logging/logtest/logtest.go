// Package logtest sends an orchestrator log to a test's log.
package logtest

import (
	"testing"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging"
)

// New returns a Logger that writes to t.Logf.
func New(t testing.TB) logging.Logger { return testLogger{t} }

type testLogger struct{ t testing.TB }

func (l testLogger) Info(msg string, kv ...any) { l.t.Logf("INFO %s %v", msg, kv) }
func (l testLogger) Error(err error, msg string, kv ...any) {
	l.t.Logf("ERROR %s: %v %v", msg, err, kv)
}
