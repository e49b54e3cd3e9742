package orchestrator

import (
	"context"
	"fmt"
	"sync"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
)

// stackRunner is a stack's Terraform runner, made and initialised on first
// use, once per process.
type stackRunner struct {
	mu     sync.Mutex
	runner tfrun.Runner
	inited bool
}

// ready returns the stack's runner once it is initialised, without waiting
// for a job that holds it (nil then).
func (sr *stackRunner) ready() tfrun.Runner {
	if !sr.mu.TryLock() {
		return nil
	}
	defer sr.mu.Unlock()
	if !sr.inited {
		return nil
	}
	return sr.runner
}

// runnerFor returns the stack's runner, initialised once per process.
func (o *Orchestrator) runnerFor(ctx context.Context, s config.Stack) (tfrun.Runner, error) {
	sr, ok := o.runners[s.Name]
	if !ok {
		return nil, fmt.Errorf("stack %q is not configured", s.Name)
	}
	sr.mu.Lock()
	defer sr.mu.Unlock()
	if sr.runner == nil {
		r, err := o.newRunner(s)
		if err != nil {
			return nil, err
		}
		sr.runner = r
	}
	if !sr.inited {
		if err := sr.runner.Init(ctx); err != nil {
			return nil, &StepError{Stack: s.Name, Step: "init", Err: err}
		}
		sr.inited = true
	}
	return sr.runner, nil
}

// Discover reads the shows of one stack from its state.
func (o *Orchestrator) Discover(ctx context.Context, s config.Stack) (showstate.State, error) {
	r, err := o.runnerFor(ctx, s)
	if err != nil {
		return showstate.State{}, err
	}
	doc, err := r.StatePull(ctx)
	if err != nil {
		return showstate.State{}, &StepError{Stack: s.Name, Step: "state pull", Err: err}
	}
	st, err := showstate.Parse(doc)
	if err != nil {
		return st, fmt.Errorf("stack %s: %w", s.Name, err)
	}
	return st, nil
}

// DiscoverAll reads every stack's shows, in the configuration's order,
// reporting progress when a progress function is set.
func (o *Orchestrator) DiscoverAll(ctx context.Context) ([]showstate.State, error) {
	out := make([]showstate.State, len(o.cfg.Stacks))
	for i, s := range o.cfg.Stacks {
		o.progress("discovering stacks", i, len(o.cfg.Stacks))
		st, err := o.Discover(ctx, s)
		if err != nil {
			o.progress("", 0, 0)
			return nil, err
		}
		out[i] = st
	}
	o.progress("discovering stacks", len(o.cfg.Stacks), len(o.cfg.Stacks))
	return out, nil
}
