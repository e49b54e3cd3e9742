package orchestrator

import (
	"errors"
	"fmt"
)

var (
	// ErrLeaseHeld means another holder has the stack's lease.
	ErrLeaseHeld = errors.New("lease held by another orchestrator")
	// ErrLeaseLost means the lease expired and may have been granted again.
	ErrLeaseLost = errors.New("lease lost")
	// ErrStoreNil is returned by WithStore(nil).
	ErrStoreNil = errors.New("store must not be nil")
	// ErrClockNil is returned by WithClock(nil).
	ErrClockNil = errors.New("clock must not be nil")
	// ErrLoggerNil is returned by WithLogger(nil).
	ErrLoggerNil = errors.New("logger must not be nil")
	// ErrRunnerNil is returned by WithRunnerFactory(nil).
	ErrRunnerNil = errors.New("runner factory must not be nil")
)

// RunError is a run that did not settle its stack, with the step that failed.
type RunError struct {
	Stack string
	Step  string // "lease", "init", "plan", "show", "policy", "apply", "record"
	Err   error
}

func (e *RunError) Error() string { return fmt.Sprintf("stack %s: %s: %v", e.Stack, e.Step, e.Err) }

// Unwrap lets errors.Is see context.Canceled and the like through a run.
func (e *RunError) Unwrap() error { return e.Err }
