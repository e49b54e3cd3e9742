package orchestrator

import (
	"context"
	"sync"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Tick is one pass, for cron and scheduled tasks: discover every stack and
// converge each to the capacity of now (the latest transition passed), at
// most Parallelism stacks at once. A stack whose instant is already settled
// in the ledger is left alone. On ctx's end, applies in progress finish.
func (o *Orchestrator) Tick(ctx context.Context) ([]Result, error) {
	applyCtx, stop := o.applyContext(ctx)
	defer stop()
	results := make([]Result, len(o.cfg.Stacks))
	sem := make(chan struct{}, o.cfg.Parallelism)
	var wg sync.WaitGroup
	for i, s := range o.cfg.Stacks {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			results[i] = o.tickStack(ctx, applyCtx, s)
		}()
	}
	wg.Wait()
	return results, nil
}

func (o *Orchestrator) tickStack(ctx, applyCtx context.Context, s config.Stack) Result {
	st, err := o.Discover(ctx, s)
	if err != nil {
		o.live.discoveryFailed(s.Name, err)
		o.log.Error(err, "discovery failed", "stack", s.Name)
		return Result{Stack: s.Name, Err: err}
	}
	o.live.discovered(s.Name, &st, o.clock.Now())
	instant, ok := timeline.Due(timeline.Transitions(st.Shows), o.clock.Now())
	if !ok {
		o.log.Info("nothing due", "stack", s.Name)
		return Result{Stack: s.Name, Settled: true}
	}
	res := o.RunStack(ctx, applyCtx, s, instant, 1)
	o.finished(res)
	return res
}
