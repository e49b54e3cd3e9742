package orchestrator

import (
	"sync"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
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

// get returns a copy of one stack's entry.
func (l *live) get(stack string) liveStack {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if ls, ok := l.stacks[stack]; ok {
		return *ls
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
