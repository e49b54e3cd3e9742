package orchestrator

import (
	"fmt"
	"log/slog"
	"strings"
)

// Logger is the orchestrator's structured log, logr-style: a message and
// key/value pairs.
type Logger interface {
	Info(msg string, keysAndValues ...any)
	Error(err error, msg string, keysAndValues ...any)
}

// DiscardLogger drops everything; it is the default.
type DiscardLogger struct{}

// Info implements Logger.
func (DiscardLogger) Info(string, ...any) {}

// Error implements Logger.
func (DiscardLogger) Error(error, string, ...any) {}

// SlogLogger adapts a *slog.Logger.
func SlogLogger(l *slog.Logger) Logger { return slogLogger{l} }

type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Info(msg string, kv ...any) { s.l.Info(msg, kv...) }
func (s slogLogger) Error(err error, msg string, kv ...any) {
	s.l.Error(msg, append(kv, "error", err)...)
}

// printfLogger takes terraform-exec's Printf lines (the commands it runs).
type printfLogger struct {
	l     Logger
	stack string
}

func (p printfLogger) Printf(format string, v ...any) {
	p.l.Info("terraform", "stack", p.stack, "command", strings.TrimSpace(fmt.Sprintf(format, v...)))
}
