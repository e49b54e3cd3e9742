// Package logging is the orchestrator's structured log: a logr-style
// interface every part of the orchestrator logs through, with a discarding
// default and an adapter for log/slog. It imports nothing of the
// orchestrator.
package logging

import "log/slog"

// Logger is the orchestrator's structured log, logr-style: a message and
// key/value pairs.
type Logger interface {
	Info(msg string, keysAndValues ...any)
	Error(err error, msg string, keysAndValues ...any)
}

// Discard drops everything; it is the default.
type Discard struct{}

// Info implements Logger.
func (Discard) Info(string, ...any) {}

// Error implements Logger.
func (Discard) Error(error, string, ...any) {}

// Slog adapts a *slog.Logger.
func Slog(l *slog.Logger) Logger { return slogLogger{l} }

type slogLogger struct{ l *slog.Logger }

func (s slogLogger) Info(msg string, kv ...any) { s.l.Info(msg, kv...) }
func (s slogLogger) Error(err error, msg string, kv ...any) {
	s.l.Error(msg, append(kv, "error", err)...)
}
