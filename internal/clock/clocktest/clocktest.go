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
	ch    chan time.Time // buffered: receives the fake's time when due
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
		w.ch <- t
	}
	f.waiters = kept
}

// Advance moves the fake forward by d.
func (f *Fake) Advance(d time.Duration) { f.Set(f.Now().Add(d)) }

// Sleepers returns how many Sleep and After calls are waiting, so a test can wait for a
// goroutine to block before it advances the clock.
func (f *Fake) Sleepers() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.waiters)
}

// After returns a channel that receives the fake's time once it has been
// advanced by d (at once when d <= 0).
func (f *Fake) After(d time.Duration) <-chan time.Time { return f.AfterAt(f.Now().Add(d)) }

// AfterAt returns a channel that receives the fake's time once it reads t
// or later (at once when it already does).
func (f *Fake) AfterAt(t time.Time) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	ch := make(chan time.Time, 1)
	if !t.After(f.now) {
		ch <- f.now
		return ch
	}
	f.waiters = append(f.waiters, waiter{until: t, ch: ch})
	return ch
}

// Sleep blocks until the fake has been advanced by d, or ctx ends.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-f.After(d):
		return nil
	}
}
