package orchestrator

import (
	"context"
	"sync"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// leaseKeeper renews a lease every third of its time to live while a run is
// in progress.
type leaseKeeper struct {
	o      *Orchestrator
	mu     sync.Mutex
	lease  store.Lease
	cancel context.CancelFunc
	done   chan struct{}
}

func (o *Orchestrator) keepLease(ctx context.Context, l store.Lease) *leaseKeeper {
	ctx, cancel := context.WithCancel(ctx)
	k := &leaseKeeper{o: o, lease: l, cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(k.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-o.clock.After(o.cfg.LeaseTTL / 3):
			}
			if err := k.renew(ctx); err != nil {
				o.log.Error(err, "renewing the lease", "stack", l.Stack)
			}
		}
	}()
	return k
}

// renew extends the lease now; ErrLeaseLost when another holder has it.
// The store is called without holding the keeper's lock: the periodic
// renewal and a run's own may overlap (the store orders them), and neither
// waits on the other in the process.
func (k *leaseKeeper) renew(ctx context.Context) error {
	renewed, err := k.o.store.Renew(ctx, k.current(), k.o.clock.Now(), k.o.cfg.LeaseTTL)
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if renewed.Expires.After(k.lease.Expires) {
		k.lease = renewed
	}
	return nil
}

func (k *leaseKeeper) current() store.Lease {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.lease
}

// stop ends the renewals and returns the lease as last renewed.
func (k *leaseKeeper) stop() store.Lease {
	k.cancel()
	<-k.done
	return k.current()
}
