package orchestrator

import (
	"errors"
	"fmt"
)

var (
	// ErrStoreNil is returned by WithStore(nil).
	ErrStoreNil = errors.New("store must not be nil")
	// ErrClockNil is returned by WithClock(nil).
	ErrClockNil = errors.New("clock must not be nil")
	// ErrLoggerNil is returned by WithLogger(nil).
	ErrLoggerNil = errors.New("logger must not be nil")
	// ErrRunnerNil is returned by WithRunnerFactory(nil).
	ErrRunnerNil = errors.New("runner factory must not be nil")
)

// StepError is a step of a stack's run (or discovery) that failed.
type StepError struct {
	Stack string
	Step  string // "lease", "init", "state pull", "ledger", "plan", "show", "apply", "record"
	Err   error
}

func (e *StepError) Error() string { return fmt.Sprintf("stack %s: %s: %v", e.Stack, e.Step, e.Err) }

// Unwrap lets errors.Is see context.Canceled and the like through a run.
func (e *StepError) Unwrap() error { return e.Err }
