package orchestrator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging/logtest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/bolt"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// fakeRunner stands in for Terraform in scheduler tests: its state holds
// shows, a plan always changes terraform_data.web, and tests can make
// applies fail or block.
type fakeRunner struct {
	mu        sync.Mutex
	state     []byte
	plans     []time.Time   // instants planned, in order
	planAt    []time.Time   // clock time of each plan
	applies   []time.Time   // instants applied
	applyAt   []time.Time   // clock time each apply began
	planTakes time.Duration // how long each plan takes
	// staleApplies makes this many applies fail as Terraform does when the
	// state changed after the plan was saved.
	staleApplies    int
	failApply       int // fail this many applies
	action          tfjson.Action
	unchanged       bool          // plans change nothing
	applyLockedTill time.Time     // applies before this clock time find the state locked
	applyGate       chan struct{} // when set, Apply waits for it to close
	applying        chan struct{} // when set, receives when an apply starts
	inits           int
	failPulls       int           // fail this many state pulls
	stamp           string        // when set, the state's stamp (a local backend)
	lockedTill      time.Time     // plans before this clock time find the state locked
	pulling         chan struct{} // when set, receives when a state pull starts
	pullGate        chan struct{} // when set, a state pull waits for it, then reads the state
	pullAt          []time.Time   // clock time of each state pull
	maxRunning      *maxCounter
	applyTakes      time.Duration // how long each apply takes
	// other, when set, is a second change of every plan, left out of a plan
	// targeted at other resources unless dragged (a dependency of theirs).
	other       *tfjson.ResourceChange
	dragged     bool
	lastTargets []string
	// checks are what a refresh-only plan reports of the stack's check
	// blocks; checkPlans the clock times of those plans.
	checks     []tfjson.CheckResultStatic
	checkPlans []time.Time
}

// maxCounter tracks the most runners in Plan or Apply at once.
type maxCounter struct {
	mu       sync.Mutex
	cur, max int
}

func (m *maxCounter) enter() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur++
	m.max = max(m.max, m.cur)
}

func (m *maxCounter) leave() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cur--
}

func (f *fakeRunner) Init(context.Context) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inits++
	return nil
}

func (f *fakeRunner) StatePull(context.Context) ([]byte, error) {
	f.mu.Lock()
	state, pulling, gate := f.state, f.pulling, f.pullGate
	f.mu.Unlock()
	if pulling != nil {
		pulling <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pullAt = append(f.pullAt, time.Now().UTC())
	if f.failPulls > 0 {
		f.failPulls--
		return nil, errors.New("state pull failed on purpose")
	}
	return state, nil // as it was when the pull began
}

func (f *fakeRunner) Plan(_ context.Context, instant time.Time, planFile string, targets ...string) (bool, error) {
	if time.Now().Before(f.lockedTill) {
		return false, errors.New("exit status 1\n\nError: Error acquiring the state lock\n\nLock Info:\n  Who: ci@runner")
	}
	time.Sleep(f.planTakes) // in a synctest bubble: fake time
	if err := os.WriteFile(planFile, []byte("plan for "+instant.String()), 0o600); err != nil {
		return false, err
	}
	if f.maxRunning != nil {
		f.maxRunning.enter()
		defer f.maxRunning.leave()
		time.Sleep(time.Second) // in a synctest bubble: lets other stacks overlap
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.plans = append(f.plans, instant)
	f.planAt = append(f.planAt, time.Now().UTC())
	f.lastTargets = targets
	return !f.unchanged, nil
}

func (f *fakeRunner) StateStamp() (string, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.stamp, f.stamp != ""
}

// gatePulls makes the next state pulls say when they begin and wait for
// gate to close.
func (f *fakeRunner) gatePulls() (pulling chan struct{}, gate chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pulling, f.pullGate = make(chan struct{}, 16), make(chan struct{})
	return f.pulling, f.pullGate
}

// write replaces the state as CI's apply would, changing its stamp.
func (f *fakeRunner) write(state []byte, stamp string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.state, f.stamp = state, stamp
}

func (f *fakeRunner) ProvidersSchema(context.Context) (*tfjson.ProviderSchemas, error) {
	return nil, nil
}

func (f *fakeRunner) CheckPlan(_ context.Context, instant time.Time, planFile string) error {
	if time.Now().Before(f.lockedTill) {
		return errors.New("exit status 1\n\nError: Error acquiring the state lock\n\nLock Info:\n  Who: ci@runner")
	}
	f.mu.Lock()
	f.checkPlans = append(f.checkPlans, time.Now().UTC()) // when it began
	f.mu.Unlock()
	time.Sleep(f.planTakes) // in a synctest bubble: fake time
	return os.WriteFile(planFile, []byte("checks for "+instant.String()), 0o600)
}

// setChecks sets what the next refresh-only plans report: each check
// block's address and status, with a message when it fails.
func (f *fakeRunner) setChecks(status map[string]tfjson.CheckStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.checks = nil
	for _, name := range slices.Sorted(maps.Keys(status)) {
		c := tfjson.CheckResultStatic{Address: tfjson.CheckStaticAddress{Kind: tfjson.CheckKindCheckBlock, Name: name, ToDisplay: "check." + name}, Status: status[name]}
		in := tfjson.CheckResultDynamic{Address: tfjson.CheckDynamicAddress{ToDisplay: "check." + name}, Status: status[name]}
		if status[name] == tfjson.CheckStatusFail {
			in.Problems = []tfjson.CheckResultProblem{{Message: name + " is short"}}
		}
		c.Instances = []tfjson.CheckResultDynamic{in}
		f.checks = append(f.checks, c)
	}
	// a resource's own postcondition is not a readiness check
	f.checks = append(f.checks, tfjson.CheckResultStatic{Address: tfjson.CheckStaticAddress{Kind: tfjson.CheckKindResource, ToDisplay: "terraform_data.web"}, Status: tfjson.CheckStatusFail})
}

func (f *fakeRunner) ShowPlan(_ context.Context, planFile string) (*tfjson.Plan, error) {
	if b, err := os.ReadFile(planFile); err == nil && strings.HasPrefix(string(b), "checks for ") {
		f.mu.Lock()
		defer f.mu.Unlock()
		return &tfjson.Plan{Checks: slices.Clone(f.checks)}, nil
	}
	action := f.action
	if action == "" {
		action = tfjson.ActionUpdate
	}
	plan := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{{
		Address: "terraform_data.web", Mode: tfjson.ManagedResourceMode, Type: "terraform_data",
		Change: &tfjson.Change{Actions: tfjson.Actions{action}, Before: map[string]any{"input": 2.0}, After: map[string]any{"input": 40.0}},
	}}}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.other != nil && (len(f.lastTargets) == 0 || f.dragged || slices.Contains(f.lastTargets, f.other.Address)) {
		plan.ResourceChanges = append(plan.ResourceChanges, f.other)
	}
	return plan, nil
}

func (f *fakeRunner) Apply(ctx context.Context, instant time.Time, _ string) error {
	if f.applying != nil {
		f.applying <- struct{}{}
	}
	if f.applyGate != nil {
		<-f.applyGate
	}
	if time.Now().Before(f.applyLockedTill) {
		return errors.New("exit status 1\n\nError: Error acquiring the state lock\n\nLock Info:\n  Who: ci@runner")
	}
	f.mu.Lock()
	f.applyAt = append(f.applyAt, time.Now().UTC())
	stale := f.staleApplies > 0
	if stale {
		f.staleApplies--
	}
	f.mu.Unlock()
	if stale {
		return errors.New("exit status 1\n\nError: Saved plan is stale\n\nThe given plan file can no longer be applied because the state was changed by another operation after the plan was created.")
	}
	time.Sleep(f.applyTakes) // in a synctest bubble: fake time
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failApply > 0 {
		f.failApply--
		return errors.New("apply failed on purpose")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	f.applies = append(f.applies, instant)
	return nil
}

func (f *fakeRunner) snapshot() (plans, applies []time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.plans...), append([]time.Time(nil), f.applies...)
}

// stateJSON renders schedules the way the provider stores them in state.
func stateJSON(t *testing.T, shows ...timeline.Schedule) []byte {
	t.Helper()
	type step struct {
		At       string           `json:"at"`
		Phase    string           `json:"phase"`
		Capacity map[string]int64 `json:"capacity"`
	}
	var instances []map[string]any
	for _, s := range shows {
		steps := []step{}
		for _, st := range s.Steps {
			steps = append(steps, step{At: st.At.UTC().Format(time.RFC3339Nano), Phase: st.Phase, Capacity: st.Capacity})
		}
		onSale := s.OnSale
		if onSale.IsZero() && len(s.Steps) > 0 {
			onSale = s.Steps[0].At
		}
		instances = append(instances, map[string]any{"attributes": map[string]any{"lead": "5m", "schedule": map[string]any{
			"name": s.Name, "on_sale_at": onSale.UTC().Format(time.RFC3339Nano), "approved": s.Approved, "baseline": s.Baseline, "steps": steps,
		}}})
	}
	doc := map[string]any{"version": 4, "serial": 7, "resources": []map[string]any{
		{"mode": "managed", "type": "hotshow_show", "name": "s", "instances": instances},
	}}
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	return b
}

// show is a show going on sale at onSale with warm (-10m), peak (0s) and
// tail (+30m) phases, ending at +1h: four transitions.
func show(t *testing.T, name string, onSale time.Time) timeline.Schedule {
	t.Helper()
	s := timeline.Show{Name: name, OnSale: onSale, Approved: true, Baseline: timeline.Capacity{"web": 2}, End: time.Hour,
		Phases: []timeline.Phase{
			{Name: "warm", Start: -10 * time.Minute, Capacity: timeline.Capacity{"web": 10}},
			{Name: "peak", Start: 0, Capacity: timeline.Capacity{"web": 50}},
			{Name: "tail", Start: 30 * time.Minute, Capacity: timeline.Capacity{"web": 20}},
		}}
	require.Empty(t, s.Validate())
	return s.Schedule()
}

// testConfig is a configuration of the named stacks with short delays.
func testConfig(t *testing.T, stacks ...string) *config.Config {
	t.Helper()
	c := &config.Config{Path: "test.hcl", Policy: policy.Policy{Mode: policy.CapacityOnly}, ResyncInterval: time.Hour,
		RetryBackoff: 10 * time.Second, RetryMax: time.Minute, Parallelism: 4, LeaseTTL: time.Minute,
		ShutdownGrace: 10 * time.Minute, Holder: "test", LockTimeout: 2 * time.Minute, WatchInterval: time.Second}
	for _, s := range stacks {
		c.Stacks = append(c.Stacks, config.Stack{Name: s, Dir: t.TempDir()})
	}
	return c
}

// newTestOrchestrator builds an orchestrator on fake runners (by stack) and
// a bbolt store in a temporary directory.
func newTestOrchestrator(t *testing.T, cfg *config.Config, runners map[string]*fakeRunner) *Orchestrator {
	t.Helper()
	ledger, err := bolt.Open(fmt.Sprintf("%s/ledger.db", t.TempDir()))
	require.NoError(t, err)
	o, err := New(context.Background(), cfg, WithStore(ledger), WithLogger(logtest.New(t)), WithRunnerFactory(func(s config.Stack) (tfrun.Runner, error) {
		return runners[s.Name], nil
	}))
	require.NoError(t, err)
	return o
}
