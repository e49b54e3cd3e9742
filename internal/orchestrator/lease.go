package orchestrator

import (
	"context"
	"sync"
)

// leaseKeeper renews a lease every third of its time to live while a run is
// in progress.
type leaseKeeper struct {
	mu     sync.Mutex
	lease  Lease
	cancel context.CancelFunc
	done   chan struct{}
}

func (o *Orchestrator) keepLease(ctx context.Context, l Lease) *leaseKeeper {
	ctx, cancel := context.WithCancel(ctx)
	k := &leaseKeeper{lease: l, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(k.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-o.clock.After(o.cfg.LeaseTTL / 3):
			}
			renewed, err := o.store.Renew(ctx, k.current(), o.clock.Now(), o.cfg.LeaseTTL)
			if err != nil {
				o.log.Error(err, "renewing the lease", "stack", l.Stack)
				continue
			}
			k.mu.Lock()
			k.lease = renewed
			k.mu.Unlock()
		}
	}()
	return k
}

func (k *leaseKeeper) current() Lease {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lease
}

// stop ends the renewals and returns the lease as last renewed.
func (k *leaseKeeper) stop() Lease {
	k.cancel()
	<-k.done
	return k.current()
}
