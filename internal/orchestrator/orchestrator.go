package orchestrator

import (
	"context"
	"fmt"
	"sync"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/bolt"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/dynamo"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
)

// ledgerWindow is how many of a stack's latest runs are read to find the
// instants already settled: far more than the transitions of one resync.
const ledgerWindow = 100

// Orchestrator applies the capacity of each stack's shows at their
// transition instants.
type Orchestrator struct {
	cfg       *config.Config
	clock     clock.Clock
	log       logging.Logger
	store     store.Store
	newRunner tfrun.Factory
	runners   map[string]*stackRunner // by stack name
	closers   []func() error

	live     *live
	metrics  *metrics
	notifier *notify.Notifier // nil without notify blocks

	progressFn func(what string, done, total int)

	syncMu          sync.Mutex
	syncPending     map[string]bool // stacks to read again now (RequestSync)
	calendarPending bool            // the calendar changed: plan its stack now (RequestCalendarRun)
	syncSignal      chan struct{}

	calendar calendar.Source // the calendar of show requests; nil without a calendar block
}

// New builds an Orchestrator for cfg. Options and their defaults:
//   - WithClock: the machine's clock.
//   - WithLogger: logging.Discard.
//   - WithStore: the store cfg names (a bbolt file by default), opened here
//     on the orchestrator's clock and closed by Close.
//   - WithRunnerFactory: terraform-exec on cfg's binary, resolved on PATH
//     once here and its version checked against cfg's constraint.
//   - WithProgress: no progress reports.
func New(ctx context.Context, cfg *config.Config, opts ...Option) (*Orchestrator, error) {
	o := &Orchestrator{cfg: cfg, clock: clock.Real{}, log: logging.Discard{}, runners: map[string]*stackRunner{}, live: newLive(cfg.Stacks),
		syncPending: map[string]bool{}, syncSignal: make(chan struct{}, 1)}
	for _, s := range cfg.Stacks {
		o.runners[s.Name] = &stackRunner{}
	}
	for _, opt := range opts {
		if err := opt(o); err != nil {
			return nil, err
		}
	}
	o.metrics = newMetrics(o)
	if len(cfg.Notify) > 0 {
		o.notifier = notify.New(cfg.Notify, o.clock, o.log, func(result string) { o.metrics.notifications.WithLabelValues(result).Inc() })
	}
	if o.store == nil {
		s, err := o.openStore(ctx)
		if err != nil {
			return nil, err
		}
		o.store = s
		o.closers = append(o.closers, s.Close)
	}
	if o.calendar == nil && cfg.Calendar != nil {
		c, err := openCalendar(ctx, *cfg.Calendar)
		if err != nil {
			return nil, err
		}
		o.calendar = c
	}
	if o.newRunner == nil {
		if err := o.useTerraform(ctx); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// openCalendar opens the calendar the configuration names.
func openCalendar(ctx context.Context, c config.Calendar) (calendar.Source, error) {
	if c.Kind == "file" {
		return calendar.OpenFile(c.Path), nil
	}
	d, err := calendar.OpenDynamoDB(ctx, calendar.DynamoDB(c.Dynamo))
	if err != nil {
		return nil, fmt.Errorf("opening the calendar: %w", err)
	}
	return d, nil
}

// Calendar returns the calendar of show requests; nil without one.
func (o *Orchestrator) Calendar() calendar.Source { return o.calendar }

func (o *Orchestrator) useTerraform(ctx context.Context) error {
	path, err := tfrun.ResolveBinary(o.cfg.Binary)
	if err != nil {
		return err
	}
	v, err := tfrun.CheckVersion(ctx, path, o.cfg.Version)
	if err != nil {
		return err
	}
	o.log.Info("terraform binary", "path", path, "version", v.String())
	o.newRunner = tfrun.Terraform(path, o.log)
	return nil
}

// openStore opens the store the configuration names.
func (o *Orchestrator) openStore(ctx context.Context) (store.Store, error) {
	if o.cfg.Store.Kind == "dynamodb" {
		return dynamo.Open(ctx, dynamo.Config(o.cfg.Store.Dynamo), dynamo.WithClock(o.clock))
	}
	return bolt.Open(o.cfg.Store.Path)
}

// Close delivers the alerts still queued (waiting a bounded time) and
// releases the store when New opened it.
func (o *Orchestrator) Close() error {
	o.notifier.Close()
	var first error
	for _, c := range o.closers {
		if err := c(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Store returns the ledger and lease store.
func (o *Orchestrator) Store() store.Store { return o.store }

func (o *Orchestrator) progress(what string, done, total int) {
	if o.progressFn != nil {
		o.progressFn(what, done, total)
	}
}
