// Package clocktest provides a fake clock.Clock that moves only when told to.
// It is safe for concurrent use, because the provider and the orchestrator
// read it from several goroutines.
package clocktest

import (
	"context"
	"sync"
	"time"
)

// Fake is a clock.Clock whose time changes only through Set and Advance.
type Fake struct {
	mu      sync.Mutex
	now     time.Time
	waiters []waiter
}

type waiter struct {
	until time.Time
	ch    chan struct{}
}

// New returns a Fake clock reading now.
func New(now time.Time) *Fake { return &Fake{now: now} }

// Now returns the fake's current instant.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Set moves the fake to t (forwards or backwards) and wakes the sleepers whose
// deadline has passed.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
	kept := f.waiters[:0]
	for _, w := range f.waiters {
		if w.until.After(t) {
			kept = append(kept, w)
			continue
		}
		close(w.ch)
	}
	f.waiters = kept
}

// Advance moves the fake forward by d.
func (f *Fake) Advance(d time.Duration) { f.Set(f.Now().Add(d)) }

// Sleepers returns how many Sleep calls are waiting, so a test can wait for a
// goroutine to block before it advances the clock.
func (f *Fake) Sleepers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.waiters)
}

// Sleep blocks until the fake has been advanced by d, or ctx ends.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	if d <= 0 {
		f.mu.Unlock()
		return ctx.Err()
	}
	w := waiter{until: f.now.Add(d), ch: make(chan struct{})}
	f.waiters = append(f.waiters, w)
	f.mu.Unlock()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-w.ch:
		return nil
	}
}
