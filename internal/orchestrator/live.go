package orchestrator

import (
	"maps"
	"sync"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
)

// live is what this orchestrator knows now of each stack, for the status
// server, /metrics and alerts. The scheduler and runs write it; HTTP
// handlers read copies.
type live struct {
	mu     sync.RWMutex
	stacks map[string]*liveStack
}

type liveStack struct {
	shows     *showstate.State // the last discovery's, nil before the first
	syncedAt  time.Time
	err       string // the last discovery's error, cleared by a success
	leaseHeld bool
	// readiness is the latest readiness evaluation of each show (by name);
	// checks the stack's latest.
	readiness map[string]store.Run
	checks    store.Run
}

func newLive(stacks []config.Stack) *live {
	l := &live{stacks: map[string]*liveStack{}}
	for _, s := range stacks {
		l.stacks[s.Name] = &liveStack{}
	}
	return l
}

func (l *live) discovered(stack string, st *showstate.State, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ls, ok := l.stacks[stack]; ok {
		ls.shows, ls.syncedAt, ls.err = st, at, ""
	}
}

func (l *live) discoveryFailed(stack string, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ls, ok := l.stacks[stack]; ok {
		ls.err = err.Error()
	}
}

func (l *live) lease(stack string, held bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ls, ok := l.stacks[stack]; ok {
		ls.leaseHeld = held
	}
}

// checksEvaluated keeps a finished readiness evaluation when it is the
// latest of its stack and of its shows.
func (l *live) checksEvaluated(r store.Run) {
	if r.Outcome == store.OutcomeRunning || r.Outcome == store.OutcomeAbandoned {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	ls, ok := l.stacks[r.Stack]
	if !ok {
		return
	}
	if !r.Started.Before(ls.checks.Started) {
		ls.checks = r
	}
	if ls.readiness == nil {
		ls.readiness = map[string]store.Run{}
	}
	keepLatest(ls.readiness, r)
}

// keepLatest keeps r as the latest evaluation of each of its shows that it
// is not older than.
func keepLatest(byShow map[string]store.Run, r store.Run) {
	for _, show := range r.Shows {
		if prev, ok := byShow[show]; !ok || !r.Started.Before(prev.Started) {
			byShow[show] = r
		}
	}
}

// get returns a copy of one stack's entry (its readiness map too).
func (l *live) get(stack string) liveStack {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if ls, ok := l.stacks[stack]; ok {
		c := *ls
		c.readiness = maps.Clone(ls.readiness)
		return c
	}
	return liveStack{}
}

// ready reports whether every stack has been discovered at least once.
func (l *live) ready() (bool, []string) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var missing []string
	for name, ls := range l.stacks {
		if ls.shows == nil {
			missing = append(missing, name)
		}
	}
	return len(missing) == 0, missing
}
