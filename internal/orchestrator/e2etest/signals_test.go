package e2etest

import (
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// slowTarget is replaced at every transition, and its provisioner marks the
// start of the apply, then takes 4 seconds: time to signal the daemon
// mid-apply. Replacing needs policy "any".
const slowTarget = `resource "terraform_data" "web" {
  input            = data.hotshow_capacity.fleet.capacity["web"]
  triggers_replace = data.hotshow_capacity.fleet.capacity["web"]
  provisioner "local-exec" {
    command = "touch ${path.module}/apply-started-${self.input} && sleep 4"
  }
}`

const policyAny = `policy { mode = "any" }`

func TestE2E_sigtermLetsTheApplyFinish(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, slowTarget, ""), policyAny)
	s.ciApply()
	d := s.startDaemon()
	url := statusPage(t, d)
	waitFor(t, 40*time.Second, "the warm apply to start", func() bool { return exists(filepath.Join(s.dir, "apply-started-10")) })
	signalled := time.Now()
	require.NoError(t, d.cmd.Process.Signal(os.Interrupt))
	// Through the grace, the status server still answers (probes must not
	// kill a daemon that is finishing an apply).
	waitFor(t, 10*time.Second, "the daemon to log the stop", func() bool {
		return strings.Contains(d.log.String(), "stopping: no new runs")
	})
	code, _ := httpGet(t, url+"healthz")
	assert.Equal(t, http.StatusOK, code, "healthz during the shutdown grace")
	require.NoError(t, d.stop(t), "the daemon exits 0 after SIGTERM")
	assert.Greater(t, time.Since(signalled), 2*time.Second, "it waited for the apply")

	runs := s.history()
	require.Len(t, runs, 1)
	assert.Equal(t, store.OutcomeApplied, runs[0].Outcome)
	assert.Equal(t, onSale.Add(-gap), runs[0].Instant.UTC())
	assert.Equal(t, "10", s.output("web"), "the apply finished")
	assert.Contains(t, d.log.String(), "stopping: no new runs; waiting for runs in progress")
	requireLeaseFree(t, s)
}

func TestE2E_sigkillMidApplyThenRestartConverges(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, slowTarget, ""), policyAny)
	s.ciApply()
	first := s.startDaemon()
	waitFor(t, 40*time.Second, "the warm apply to start", func() bool { return exists(filepath.Join(s.dir, "apply-started-10")) })
	require.NoError(t, first.cmd.Process.Kill())
	<-first.done
	first.done <- nil

	second := s.startDaemon()
	end := onSale.Add(2 * gap)
	waitFor(t, time.Until(end)+60*time.Second, "a settled run for the last transition", func() bool {
		runs := s.history()
		last := runs[len(runs)-1]
		return last.Instant.UTC().Equal(end) && last.Outcome.Settled()
	})
	require.NoError(t, second.stop(t))

	runs := s.history()
	assert.Equal(t, store.OutcomeAbandoned, runs[0].Outcome, "the ledger tells the killed run")
	assert.Equal(t, onSale.Add(-gap), runs[0].Instant.UTC())
	assert.Contains(t, runs[0].Error, "stopped before the run finished")
	assert.NotEqual(t, runs[0].Holder, runs[len(runs)-1].Holder)
	for _, r := range runs {
		assert.NotEqual(t, store.OutcomeRunning, r.Outcome, "no run is left running")
	}
	assert.Equal(t, "2", s.output("web"), "converged to the end of the show")
	requireLeaseFree(t, s)
}

func TestE2E_twoDaemonsNeverApplyOneStackAtOnce(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	a, b := s.startDaemon(), s.startDaemon()
	sleepUntil(onSale.Add(2*gap + 4*time.Second))
	require.NoError(t, a.stop(t))
	require.NoError(t, b.stop(t))

	runs := s.history()
	byInstant := map[time.Time]int{}
	for _, r := range runs {
		if r.Outcome.Settled() {
			byInstant[r.Instant.UTC()]++
		}
	}
	for _, at := range transitions(onSale) {
		assert.Equal(t, 1, byInstant[at], "transition %s settled exactly once", at)
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].Started.Before(runs[j].Started) })
	for i := 1; i < len(runs); i++ {
		assert.False(t, runs[i].Started.Before(runs[i-1].Finished), "run %d (%s) started before run %d (%s) finished", i, runs[i].Holder, i-1, runs[i-1].Holder)
	}
	assert.Equal(t, "2", s.output("web"))
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
