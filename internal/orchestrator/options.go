package orchestrator

import (
	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
)

// Option changes how New builds an Orchestrator.
type Option func(*Orchestrator) error

// WithClock sets the clock (default: the machine's).
func WithClock(c clock.Clock) Option {
	return func(o *Orchestrator) error {
		if c == nil {
			return ErrClockNil
		}
		o.clock = c
		return nil
	}
}

// WithLogger sets the log (default: logging.Discard).
func WithLogger(l logging.Logger) Option {
	return func(o *Orchestrator) error {
		if l == nil {
			return ErrLoggerNil
		}
		o.log = l
		return nil
	}
}

// WithStore sets the ledger and lease store (default: the configured one).
func WithStore(s store.Store) Option {
	return func(o *Orchestrator) error {
		if s == nil {
			return ErrStoreNil
		}
		o.store = s
		return nil
	}
}

// WithRunnerFactory sets how stacks' runners are made (default: real
// Terraform through terraform-exec, on the configured binary).
func WithRunnerFactory(f tfrun.Factory) Option {
	return func(o *Orchestrator) error {
		if f == nil {
			return ErrRunnerNil
		}
		o.newRunner = f
		return nil
	}
}

// WithProgress reports the progress of long operations (the first
// discovery of every stack, previews): f(what, done, total), then
// f("", 0, 0) when the operation ends early. Default: nothing.
func WithProgress(f func(what string, done, total int)) Option {
	return func(o *Orchestrator) error {
		o.progressFn = f
		return nil
	}
}
