package e2etest

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// replicated is a stack whose orchestrators share a DynamoDB table on a
// local dynalite, created with store-init.
func replicated(t *testing.T, mainTF, extraHCL string) (*stack, *dynalitetest.Server) {
	t.Helper()
	server := dynalitetest.Start(t)
	s := newStack(t, mainTF, fmt.Sprintf(`store "dynamodb" {
  table    = "hotshow"
  region   = "ap-southeast-2"
  endpoint = %q
}
%s`, server.Endpoint, extraHCL))
	s.env = dynalitetest.Credentials
	out, code := s.orchestrate("store-init")
	require.Equal(t, 0, code)
	require.Contains(t, out, "dynamodb table hotshow is active")
	return s, server
}

// serial reads the stack's state serial.
func (s *stack) serial() int64 {
	s.t.Helper()
	doc, err := s.tf.StatePull(context.Background())
	require.NoError(s.t, err)
	var st struct {
		Serial int64 `json:"serial"`
	}
	require.NoError(s.t, json.Unmarshal([]byte(doc), &st))
	return st.Serial
}

// checkExactlyOnce asserts every transition settled once, runs never
// overlapped, and the ledger and the state's serial agree: every applied
// run moved the serial by the same step from the one before, starting at
// serialBefore, and the last is the state's serial now. An apply the ledger
// does not tell would show as a larger step.
func checkExactlyOnce(t *testing.T, s *stack, onSale time.Time, serialBefore int64) []store.Run {
	t.Helper()
	runs := s.history()
	settled := map[time.Time]int{}
	for _, r := range runs {
		if r.Outcome.Settled() {
			settled[r.Instant.UTC()]++
		}
		assert.NotEqual(t, store.OutcomeRunning, r.Outcome, "no run left running")
	}
	for _, at := range transitions(onSale) {
		assert.Equal(t, 1, settled[at], "transition %s settled exactly once", at)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].Started.Before(runs[j].Started) })
	for i := 1; i < len(runs); i++ {
		if !runs[i-1].Finished.IsZero() {
			assert.False(t, runs[i].Started.Before(runs[i-1].Finished), "run %d started before run %d finished", i, i-1)
		}
	}
	checkSerials(t, runs, serialBefore, s.serial())
	return runs
}

func TestE2E_threeReplicasApplyEachTransitionOnce(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s, _ := replicated(t, showTF(onSale, "", ""), "")
	s.ciApply()
	before := s.serial()
	daemons := []*daemon{s.startDaemon(), s.startDaemon(), s.startDaemon()}
	sleepUntil(onSale.Add(2*gap + 4*time.Second))
	for _, d := range daemons {
		require.NoError(t, d.stop(t))
	}
	runs := checkExactlyOnce(t, s, onSale, before)
	holders := map[string]bool{}
	for _, r := range runs {
		holders[r.Holder] = true
	}
	t.Logf("%d runs by %d replica(s)", len(runs), len(holders))
	assert.Equal(t, "2", s.output("web"))
}

func TestE2E_replicaKilledHoldingTheLease(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s, _ := replicated(t, showTF(onSale, slowTarget, ""), policyAny)
	s.ciApply()
	daemons := []*daemon{s.startDaemon(), s.startDaemon(), s.startDaemon()}
	waitFor(t, 40*time.Second, "the warm apply to start", func() bool { return exists(filepath.Join(s.dir, "apply-started-10")) })
	running := s.history()
	require.NotEmpty(t, running)
	holder := running[len(running)-1].Holder
	killed := time.Now()
	var survivors []*daemon
	for _, d := range daemons {
		if strings.HasSuffix(holder, fmt.Sprintf("-%d", d.cmd.Process.Pid)) {
			require.NoError(t, d.cmd.Process.Kill())
			continue
		}
		survivors = append(survivors, d)
	}
	require.Len(t, survivors, 2, "the lease holder %s is one of the three daemons", holder)

	end := onSale.Add(2 * gap)
	waitFor(t, time.Until(end)+60*time.Second, "a settled run for the last transition", func() bool {
		runs := s.history()
		last := runs[len(runs)-1]
		return last.Instant.UTC().Equal(end) && last.Outcome.Settled()
	})
	for _, d := range survivors {
		require.NoError(t, d.stop(t))
	}
	runs := s.history()
	assert.Equal(t, store.OutcomeAbandoned, runs[0].Outcome)
	assert.Equal(t, holder, runs[0].Holder)
	takeover := runs[1].Started.Sub(killed)
	t.Logf("take-over: the next run started %s after the lease holder was killed (lease_ttl 3s)", takeover.Round(time.Millisecond))
	assert.Equal(t, "2", s.output("web"), "no transition lost: converged to the end of the show")
	byInstant := map[time.Time]bool{}
	for _, r := range runs {
		if r.Outcome.Settled() {
			byInstant[r.Instant.UTC()] = true
		}
	}
	assert.True(t, byInstant[end])
}

func TestE2E_storeDownMidShow(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s, server := replicated(t, showTF(onSale, "", ""), "")
	s.ciApply()
	before := s.serial()
	daemons := []*daemon{s.startDaemon(), s.startDaemon(), s.startDaemon()}
	// The warm transition goes through; then the store is down across peak.
	sleepUntil(onSale.Add(-gap / 2))
	server.Stop()
	sleepUntil(onSale.Add(gap / 2))
	assert.Equal(t, "10", s.output("web"), "no apply while the store is down: nobody can hold the lease")
	server.StartAgain()
	sleepUntil(onSale.Add(2*gap + 5*time.Second))
	for _, d := range daemons {
		require.NoError(t, d.stop(t))
	}
	runs := s.history()
	settled := map[time.Time]bool{}
	for _, r := range runs {
		if r.Outcome.Settled() {
			settled[r.Instant.UTC()] = true
		}
	}
	checkSerials(t, runs, before, s.serial())
	assert.True(t, settled[onSale.Add(-gap)], "warm settled before the outage")
	assert.True(t, settled[onSale.Add(2*gap)], "the stack converged after the outage")
	assert.Equal(t, "2", s.output("web"))
	var logs strings.Builder
	for _, d := range daemons {
		logs.WriteString(d.log.String())
	}
	assert.Contains(t, logs.String(), "dynamodb table hotshow", "the outage is logged, naming the table")
}

func checkSerials(t *testing.T, runs []store.Run, before, now int64) {
	t.Helper()
	prev, step := before, int64(0)
	for _, r := range runs {
		if r.Outcome != store.OutcomeApplied {
			continue
		}
		if step == 0 {
			step = r.Serial - prev
			assert.Positive(t, step)
		}
		assert.Equal(t, prev+step, r.Serial, "run %s (instant %s) moved the serial by one apply", r.ID, r.Instant)
		prev = r.Serial
	}
	assert.Equal(t, prev, now, "no apply after the last one the ledger tells")
}
