// Package clock is the one place in hotshow that reads the wall clock or waits
// on it. Everything else receives a Clock, so tests can substitute the fake in
// package clocktest and move time by hand.
package clock

import (
	"context"
	"time"
)

// Clock tells the time and waits for it.
type Clock interface {
	// Now returns the current instant.
	Now() time.Time
	// Sleep waits for d to pass, or returns ctx.Err() when ctx ends first.
	Sleep(ctx context.Context, d time.Duration) error
	// After returns a channel that receives the time once d has passed.
	After(d time.Duration) <-chan time.Time
	// AfterAt returns a channel that receives the time once the clock reads
	// t or later: a wake-up at an instant, whatever happened since it was
	// computed.
	AfterAt(t time.Time) <-chan time.Time
}

// Real is the Clock of the machine.
type Real struct{}

// Now returns time.Now.
func (Real) Now() time.Time { return time.Now() }

// Sleep waits for d on a timer that is stopped when ctx ends first.
func (Real) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// After is time.After.
func (Real) After(d time.Duration) <-chan time.Time { return time.After(d) }

// AfterAt waits until t on a real timer.
func (Real) AfterAt(t time.Time) <-chan time.Time { return time.After(time.Until(t)) }
