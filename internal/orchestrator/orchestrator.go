package orchestrator

import (
	"context"
	"fmt"
	"sync"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
)

// Orchestrator applies the capacity of each stack's shows at their
// transition instants.
type Orchestrator struct {
	cfg     *Config
	clock   clock.Clock
	log     Logger
	store   Store
	runners RunnerFactory

	stacks  map[string]*stackRunner // by stack name
	closers []func() error

	live     *live
	metrics  *metrics
	notifier *notifier // nil without notify blocks

	progressFn func(what string, done, total int)
}

func (o *Orchestrator) progress(what string, done, total int) {
	if o.progressFn != nil {
		o.progressFn(what, done, total)
	}
}

// New builds an Orchestrator for cfg. Options and their defaults:
//   - WithClock: the machine's clock.
//   - WithLogger: DiscardLogger.
//   - WithStore: the store cfg names (a bbolt file by default).
//   - WithRunnerFactory: terraform-exec on cfg's binary, resolved on PATH
//     once here and its version checked against cfg's constraint.
func New(ctx context.Context, cfg *Config, opts ...Option) (*Orchestrator, error) {
	o := &Orchestrator{cfg: cfg, clock: clock.Real{}, log: DiscardLogger{}, stacks: map[string]*stackRunner{}, live: newLive(cfg.Stacks)}
	for _, s := range cfg.Stacks {
		o.stacks[s.Name] = &stackRunner{}
	}
	for _, opt := range opts {
		if err := opt(o); err != nil {
			return nil, err
		}
	}
	o.metrics = newMetrics(o)
	if len(cfg.Notify) > 0 {
		o.notifier = newNotifier(cfg.Notify, o.clock, o.log, func(result string) { o.metrics.notifications.WithLabelValues(result).Inc() })
	}
	if o.store == nil {
		s, err := OpenStore(ctx, cfg.Store)
		if err != nil {
			return nil, err
		}
		o.store = s
		o.closers = append(o.closers, s.Close)
	}
	if o.runners == nil {
		if err := o.useTerraform(ctx); err != nil {
			return nil, err
		}
	}
	return o, nil
}

func (o *Orchestrator) useTerraform(ctx context.Context) error {
	path, err := ResolveBinary(o.cfg.Binary)
	if err != nil {
		return err
	}
	v, err := CheckVersion(ctx, path, o.cfg.Version)
	if err != nil {
		return err
	}
	o.log.Info("terraform binary", "path", path, "version", v.String())
	o.runners = TerraformRunners(path, o.log)
	return nil
}

// OpenStore opens the store the configuration names.
func OpenStore(ctx context.Context, c StoreConfig) (Store, error) {
	if c.Kind == "dynamodb" {
		return OpenDynamo(ctx, c.Dynamo)
	}
	return OpenBolt(c.Path)
}

// Close delivers the alerts still queued (waiting a bounded time) and
// releases the store when New opened it.
func (o *Orchestrator) Close() error {
	o.notifier.close()
	var first error
	for _, c := range o.closers {
		if err := c(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Store returns the ledger and lease store.
func (o *Orchestrator) Store() Store { return o.store }

// Config returns the configuration.
func (o *Orchestrator) Config() *Config { return o.cfg }

// stackRunner is a stack's Runner, made and initialised on first use.
type stackRunner struct {
	mu     sync.Mutex
	runner Runner
	inited bool
}

// runnerFor returns the stack's runner, initialised once per process.
func (o *Orchestrator) runnerFor(ctx context.Context, s StackConfig) (Runner, error) {
	sr, ok := o.stacks[s.Name]
	if !ok {
		return nil, fmt.Errorf("stack %q is not configured", s.Name)
	}
	sr.mu.Lock()
	defer sr.mu.Unlock()
	if sr.runner == nil {
		r, err := o.runners(s)
		if err != nil {
			return nil, err
		}
		sr.runner = r
	}
	if !sr.inited {
		if err := sr.runner.Init(ctx); err != nil {
			return nil, &RunError{Stack: s.Name, Step: "init", Err: err}
		}
		sr.inited = true
	}
	return sr.runner, nil
}

// Discover reads the shows of one stack from its state.
func (o *Orchestrator) Discover(ctx context.Context, s StackConfig) (ShowState, error) {
	r, err := o.runnerFor(ctx, s)
	if err != nil {
		return ShowState{}, err
	}
	doc, err := r.StatePull(ctx)
	if err != nil {
		return ShowState{}, &RunError{Stack: s.Name, Step: "state pull", Err: err}
	}
	st, err := ParseState(doc)
	if err != nil {
		return st, fmt.Errorf("stack %s: %w", s.Name, err)
	}
	return st, nil
}
