package orchestrator

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/dynamo"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The burst: burstStacks stacks all due at one instant, each run taking
// burstApplyTakes (the fake apply sleeps on the machine's clock), at most
// burstParallelism runs at once per replica. One replica clears it in
// burstStacks/burstParallelism = 12 waves (3.6 s of applies); two and
// three replicas in 6 and 4 waves, whole numbers, so the ideal is exactly
// 1/N with no rounding. A run's store calls (2 reads and 7 writes on
// dynalite, a few milliseconds each) are small beside 300 ms, so the fixed
// time dominates, and the three sizes together take well under a minute on
// two cores.
const (
	burstStacks      = 24
	burstParallelism = 2
	burstApplyTakes  = 300 * time.Millisecond
	// burstLead is the time from the replicas' start to the instant: each
	// reads the ledger and every stack's shows (fake, instant) well within it.
	burstLead = 2 * time.Second
	// burstDeadline bounds one burst: far beyond one replica's 3.6 s.
	burstDeadline = time.Minute
	// With pre-planning, each plan takes burstApplyTakes too (one replica
	// plans the 24 stacks in 3.6 s), made burstPreplanLead ahead of the
	// instant, which is burstPreplanStart after the replicas start.
	burstPreplanLead  = 6 * time.Second
	burstPreplanStart = 8 * time.Second
)

// burstTables numbers the DynamoDB tables, one per burst.
var burstTables atomic.Int64

// BenchmarkReplicaBurst: N replicas (N = 1, 2, 3), each an Orchestrator
// with its own holder name running the daemon, share one DynamoDB table on
// dynalite; burstStacks stacks fall due at one instant. clear-s is the
// time from the instant until the last stack's run was recorded applied
// (the ledger's Finished); runs-per-replica-max and -min are the most and
// fewest stacks one replica applied. With the burst spread over the
// replicas, clear-s at N is about 1/N of clear-s at N = 1. ns/op is a
// whole burst, with its setup and lead. Without pre-planning the replicas
// share the stacks as they take their leases at the instant; with it
// (preplanned, plans taking as long as applies), as they take them to plan
// ahead, and only the applies are left at the instant.
func BenchmarkReplicaBurst(b *testing.B) {
	server := dynalitetest.Start(b) // skips when HOTSHOW_DYNALITE is unset
	dynalitetest.SetTestCredentials(b)
	for _, c := range []struct {
		n       int
		preplan bool
	}{{1, false}, {2, false}, {3, false}, {1, true}, {2, true}, {3, true}} {
		name := fmt.Sprintf("replicas=%d", c.n)
		if c.preplan {
			name += "/preplanned"
		}
		n := c.n
		b.Run(name, func(b *testing.B) {
			var clearTime time.Duration
			most, least := 0, 0
			for range b.N {
				out := replicaBurst(b, server, n, c.preplan)
				clearTime += out.clear
				most, least = most+slices.Max(out.applied), least+slices.Min(out.applied)
				b.Logf("cleared in %s (ideal %s); stacks applied by each replica: %v; leases taken %d (%d to apply, the rest to find the stack settled elsewhere), found held %d",
					out.clear.Round(time.Millisecond), idealClear(n), out.applied, out.taken, burstStacks, out.held)
			}
			b.ReportMetric(clearTime.Seconds()/float64(b.N), "clear-s")
			b.ReportMetric(float64(most)/float64(b.N), "runs-per-replica-max")
			b.ReportMetric(float64(least)/float64(b.N), "runs-per-replica-min")
		})
	}
}

// idealClear is the time n replicas take when the stacks split evenly and
// a run costs nothing but its apply.
func idealClear(n int) time.Duration {
	perReplica := (burstStacks + n - 1) / n
	waves := (perReplica + burstParallelism - 1) / burstParallelism
	return time.Duration(waves) * burstApplyTakes
}

// burstOutcome is what one burst came to.
type burstOutcome struct {
	clear       time.Duration // from the instant until the last stack's run was recorded applied
	applied     []int         // stacks applied, by replica
	taken, held int64         // lease requests granted and refused, all replicas together
}

// leaseCounter is a replica's store, counting its lease requests.
type leaseCounter struct {
	store.Store
	taken, held *atomic.Int64
}

func (c leaseCounter) Acquire(ctx context.Context, stack, holder string, now time.Time, ttl time.Duration) (store.Lease, error) {
	l, err := c.Store.Acquire(ctx, stack, holder, now, ttl)
	switch {
	case err == nil:
		c.taken.Add(1)
	case errors.Is(err, store.ErrLeaseHeld):
		c.held.Add(1)
	}
	return l, err
}

// replicaBurst runs one burst on n replicas.
func replicaBurst(b *testing.B, server *dynalitetest.Server, n int, preplan bool) burstOutcome {
	b.Helper()
	ctx := b.Context()
	dyn := dynamo.Config{Table: fmt.Sprintf("hotshow-burst-%d", burstTables.Add(1)), Region: "ap-southeast-2", Endpoint: server.Endpoint}
	var taken, held atomic.Int64
	stores := make([]store.Store, n) // a client of its own per replica, as separate processes have
	for i := range stores {
		s, err := dynamo.Open(ctx, dyn)
		require.NoError(b, err)
		if i == 0 {
			require.NoError(b, s.Create(ctx))
		}
		stores[i] = leaseCounter{Store: s, taken: &taken, held: &held}
	}

	lead, planTakes, p := burstLead, time.Duration(0), config.Preplan{Off: true}
	if preplan {
		lead, planTakes, p = burstPreplanStart, burstApplyTakes, config.Preplan{Fixed: burstPreplanLead}
	}
	instant := time.Now().Add(lead).Truncate(time.Millisecond).UTC()
	state := burstState(b, instant)
	stacks := make([]config.Stack, burstStacks)
	for i := range stacks {
		stacks[i] = config.Stack{Name: fmt.Sprintf("s%02d", i), Dir: b.TempDir()}
	}
	orchestrators := make([]*Orchestrator, n)
	var runners []*fakeRunner
	for i := range orchestrators {
		own := map[string]*fakeRunner{}
		for _, s := range stacks {
			own[s.Name] = &fakeRunner{state: state, applyTakes: burstApplyTakes, planTakes: planTakes}
			runners = append(runners, own[s.Name])
		}
		cfg := burstConfig(fmt.Sprintf("replica-%d", i), stacks)
		cfg.Preplan = p
		o, err := New(ctx, cfg, WithStore(stores[i]),
			WithRunnerFactory(func(s config.Stack) (tfrun.Runner, error) { return own[s.Name], nil }))
		require.NoError(b, err)
		orchestrators[i] = o
	}

	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, n)
	for _, o := range orchestrators {
		go func() { done <- o.Run(runCtx) }()
	}

	// Every replica must know every stack's shows before the instant, so
	// that the burst starts at the instant in each of them.
	waitUntil(b, instant, "every replica read every stack's shows before the instant", func() bool {
		for _, o := range orchestrators {
			if ok, _ := o.live.ready(); !ok {
				return false
			}
		}
		return true
	})
	// The applies are watched in the process, so that the burst competes
	// with no ledger reads for dynalite; then the ledger, for the outcome.
	deadline := instant.Add(burstDeadline)
	waitUntil(b, deadline, fmt.Sprintf("all %d stacks applied", burstStacks), func() bool {
		applies := 0
		for _, r := range runners {
			_, a := r.snapshot()
			applies += len(a)
		}
		return applies >= burstStacks
	})
	var runs []store.Run
	waitUntil(b, deadline, fmt.Sprintf("all %d stacks' runs for the instant final in the ledger", burstStacks), func() bool {
		var err error
		runs, err = stores[0].Runs(ctx, "", 0)
		require.NoError(b, err)
		final := map[string]bool{}
		for _, r := range runs {
			if r.Instant.Equal(instant) && r.Outcome.Final() {
				final[r.Stack] = true
			}
		}
		return len(final) == burstStacks
	})
	stop()
	for range orchestrators {
		require.NoError(b, <-done)
	}

	out := burstOutcome{applied: make([]int, n), taken: taken.Load(), held: held.Load()}
	byStack := map[string]int{}
	var last time.Time
	for _, r := range runs {
		if !r.Instant.Equal(instant) || r.Outcome != store.OutcomeApplied {
			continue
		}
		var replica int
		_, err := fmt.Sscanf(r.Holder, "replica-%d", &replica)
		require.NoError(b, err)
		out.applied[replica]++
		byStack[r.Stack]++
		if r.Finished.After(last) {
			last = r.Finished
		}
	}
	for _, s := range stacks {
		require.Equal(b, 1, byStack[s.Name], "stack %s applied once for the instant", s.Name)
	}
	out.clear = last.Sub(instant)
	return out
}

// burstConfig is a replica's configuration: the stacks, burstParallelism,
// and the defaults for every delay a burst can meet (retries, lease).
func burstConfig(holder string, stacks []config.Stack) *config.Config {
	return &config.Config{Path: "burst.hcl", Policy: policy.Policy{Mode: policy.CapacityOnly}, Stacks: stacks,
		ResyncInterval: config.DefaultResyncInterval, RetryBackoff: config.DefaultRetryBackoff, RetryMax: config.DefaultRetryMax,
		Parallelism: burstParallelism, LeaseTTL: config.DefaultLeaseTTL, ShutdownGrace: time.Minute, Holder: holder,
		LockTimeout: 2 * time.Minute, WatchInterval: time.Second}
}

// burstState is a stack's state with one show whose first transition (its
// peak) is at instant and whose next is an hour later.
func burstState(tb testing.TB, instant time.Time) []byte {
	tb.Helper()
	sh := timeline.Show{Name: "burst", OnSale: instant, Approved: true, Baseline: timeline.Capacity{"web": 2}, End: time.Hour,
		Phases: []timeline.Phase{{Name: "peak", Start: 0, Capacity: timeline.Capacity{"web": 50}}}}
	require.Empty(tb, sh.Validate())
	sched := sh.Schedule()
	require.Equal(tb, []time.Time{instant, instant.Add(time.Hour)}, timeline.Transitions([]timeline.Schedule{sched}))
	doc := map[string]any{"version": 4, "serial": 7, "resources": []map[string]any{{
		"mode": "managed", "type": showstate.ShowType, "name": "s",
		"instances": []map[string]any{{"attributes": map[string]any{"lead": "5m", "schedule": showstate.NewScheduleV0(sched, instant)}}},
	}}}
	out, err := json.Marshal(doc)
	require.NoError(tb, err)
	return out
}

// waitUntil polls cond every 20 ms until it holds, failing when deadline
// passes first.
func waitUntil(tb testing.TB, deadline time.Time, what string, cond func() bool) {
	tb.Helper()
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("not so by %s: %s", deadline.Format(time.RFC3339Nano), what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
