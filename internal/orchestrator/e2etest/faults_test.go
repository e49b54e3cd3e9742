package e2etest

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/bolt"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

// The fault suite: each case breaks something mid-show and checks that
// nothing is lost: the ledger tells every run, the state converges, and no
// lease is left held.

// requireLeaseFree checks, after the daemons have stopped, that a newcomer
// gets the stack's lease at once.
func requireLeaseFree(t *testing.T, s *stack) {
	t.Helper()
	store, err := bolt.Open(filepath.Join(s.root, ".hotshow", "orchestrator.db"))
	require.NoError(t, err)
	l, err := store.Acquire(context.Background(), "s", "checker", time.Now(), time.Second)
	require.NoError(t, err, "no lease is left held")
	require.NoError(t, store.Release(context.Background(), l))
}

// ledger reads the ledger through the library.
func (s *stack) ledger() []store.Run {
	s.t.Helper()
	return s.ledgerAt(filepath.Join(s.root, ".hotshow", "orchestrator.db"))
}

// ledgerAt reads the ledger of the store file at path.
func (s *stack) ledgerAt(path string) []store.Run {
	s.t.Helper()
	store, err := bolt.Open(path)
	require.NoError(s.t, err)
	runs, err := store.Runs(context.Background(), "", 0)
	require.NoError(s.t, err)
	return runs
}

// waitSettled waits for a settled run at instant at or later.
func waitSettled(t *testing.T, s *stack, at time.Time, limit time.Duration) {
	t.Helper()
	waitFor(t, limit, "a settled run at "+at.Format(time.RFC3339)+" or later", func() bool {
		for _, r := range s.history() {
			if r.Outcome.Settled() && !r.Instant.Before(at) {
				return true
			}
		}
		return false
	})
}

// outcomes lists "outcome@instant-offset" for the ledger, for messages.
func failedWith(runs []store.Run, text string) bool {
	for _, r := range runs {
		if r.Outcome == store.OutcomeFailed && strings.Contains(r.Error, text) {
			return true
		}
	}
	return false
}

func TestFault_terraformKilledMidApply(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, slowTarget, ""), policyAny)
	s.ciApply()
	d := s.startDaemon()
	waitFor(t, 40*time.Second, "the warm apply to start", func() bool { return exists(filepath.Join(s.dir, "apply-started-10")) })
	tf := childWith(t, d.cmd.Process.Pid, "apply")
	require.NoError(t, syscall.Kill(tf, syscall.SIGKILL))
	waitSettled(t, s, onSale.Add(-gap), 40*time.Second)
	require.NoError(t, d.stop(t))
	runs := s.history()
	assert.True(t, failedWith(runs, "signal: killed"), "the killed apply is recorded as failed: %+v", runs)
	assert.NotEqual(t, "2", s.output("web"), "a retry applied the warm capacity or later")
	requireLeaseFree(t, s)
}

func TestFault_stateLockHeldByAnotherProcess(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	// An interactive apply waiting for "yes" holds Terraform's state lock.
	// (Its plan, for the peak, has a change to approve.)
	release := holdStateLock(t, s, `HOTSHOW_AS_OF=`+onSale.Format(time.RFC3339))
	d := s.startDaemon()
	sleepUntil(onSale.Add(-gap + 3*time.Second))
	assert.Equal(t, "2", s.output("web"), "nothing applied while the lock is held")
	release()
	waitSettled(t, s, onSale.Add(-gap), 30*time.Second)
	require.NoError(t, d.stop(t))
	runs := s.history()
	// The run waits for the lock (lock_timeout), never breaks it, and
	// applies once it is released, with the wait in the ledger.
	assert.Equal(t, store.OutcomeApplied, runs[0].Outcome, runs[0].Error)
	assert.Equal(t, onSale.Add(-gap), runs[0].Instant.UTC())
	assert.GreaterOrEqual(t, runs[0].LockWait, 2*time.Second, "the wait is in the ledger")
	requireLeaseFree(t, s)
}

func TestFault_storeLockedByAnotherProcess(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	d := s.startDaemon()
	waitFor(t, 20*time.Second, "the store file", func() bool { return exists(filepath.Join(s.root, ".hotshow", "orchestrator.db")) })
	// Hold the store's file lock across the warm transition, as another
	// daemon in the middle of a long write would.
	f, err := os.OpenFile(filepath.Join(s.root, ".hotshow", "orchestrator.db"), os.O_RDWR, 0)
	require.NoError(t, err)
	sleepUntil(onSale.Add(-gap - time.Second))
	require.NoError(t, syscall.Flock(int(f.Fd()), syscall.LOCK_EX))
	sleepUntil(onSale.Add(-gap + 4*time.Second))
	require.NoError(t, f.Close())
	waitSettled(t, s, onSale.Add(-gap), 40*time.Second)
	require.NoError(t, d.stop(t))
	runs := s.history()
	require.NotEmpty(t, runs)
	assert.Equal(t, onSale.Add(-gap), runs[0].Instant.UTC())
	assert.GreaterOrEqual(t, runs[0].Lag, 3*time.Second, "the run waited for the store")
	assert.NotEqual(t, "2", s.output("web"))
	requireLeaseFree(t, s)
}

func TestFault_stackDirectoryDisappears(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	d := s.startDaemon()
	waitFor(t, 20*time.Second, "the first discovery", func() bool { return strings.Contains(d.log.String(), "terraform binary") })
	time.Sleep(2 * time.Second)
	require.NoError(t, os.RemoveAll(s.dir))
	sleepUntil(onSale.Add(-gap + 4*time.Second))
	require.NoError(t, d.stop(t), "the daemon keeps running and stops cleanly")
	runs := s.ledger() // the CLI refuses a configuration whose stack dir is gone
	require.NotEmpty(t, runs, "the failed runs are in the ledger")
	assert.Equal(t, store.OutcomeFailed, runs[0].Outcome)
	assert.Contains(t, runs[0].Error, "no such file or directory")
	assert.Greater(t, len(runs), 1, "it kept retrying")
	requireLeaseFree(t, s)
}

// holdStateLock starts an interactive terraform apply in the stack and
// waits for its approval prompt (it then holds the state lock); the
// returned func answers "no" and waits for it to exit.
func holdStateLock(t *testing.T, s *stack, env string) func() {
	t.Helper()
	cmd := exec.Command(tftest.TerraformPath(t), "apply", "-no-color")
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", env)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	prompt := make(chan struct{})
	go func() {
		r := bufio.NewReader(stdout)
		for {
			line, err := r.ReadString(':')
			if strings.Contains(line, "Enter a value") {
				close(prompt)
				_, _ = io.Copy(io.Discard, r)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	select {
	case <-prompt:
	case <-time.After(60 * time.Second):
		t.Fatal("terraform apply did not prompt for approval")
	}
	return func() {
		_, _ = io.WriteString(stdin, "no\n")
		_ = stdin.Close()
		_ = cmd.Wait()
	}
}

// childWith finds a descendant process of pid whose command line contains
// word.
func childWith(t *testing.T, pid int, word string) int {
	t.Helper()
	var found int
	waitFor(t, 10*time.Second, "a terraform "+word+" process", func() bool {
		found = findDescendant(pid, word)
		return found != 0
	})
	return found
}

func findDescendant(pid int, word string) int {
	tasks, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	for _, task := range tasks {
		b, err := os.ReadFile(task)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			child, _ := strconv.Atoi(f)
			cmdline, _ := os.ReadFile(filepath.Join("/proc", f, "cmdline"))
			if strings.Contains(string(cmdline), word) && strings.Contains(string(cmdline), "terraform") || strings.Contains(string(cmdline), word) && strings.Contains(string(cmdline), "tofu") {
				return child
			}
			if d := findDescendant(child, word); d != 0 {
				return d
			}
		}
	}
	return 0
}

// TestFault_ciAppliesBetweenPreplanAndInstant: the daemon planned the warm
// transition ahead; CI then applies a change to the stack before the
// instant. Terraform refuses the saved plan as stale; the run plans again
// at once and applies in the same run (no retry, no backoff), and the
// ledger says why.
func TestFault_ciAppliesBetweenPreplanAndInstant(t *testing.T) {
	t.Parallel()
	onSale := time.Now().UTC().Add(gap + 25*time.Second).Truncate(time.Second)
	warm := onSale.Add(-gap)
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	d := s.startDaemon()
	waitFor(t, time.Until(warm), "the warm transition planned ahead", func() bool { return strings.Contains(d.log.String(), "planned ahead") })
	serial := s.serial()
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, "ci.tf"), []byte(`output "release" { value = "v2" }`+"\n"), 0o644))
	s.ciApply()
	require.Greater(t, s.serial(), serial, "CI's apply moved the state")
	require.True(t, time.Now().Before(warm), "CI applied before the instant")
	waitSettled(t, s, warm, time.Until(warm)+40*time.Second)
	require.NoError(t, d.stop(t))

	var atWarm []store.Run
	for _, r := range s.history() {
		if r.Instant.Equal(warm) {
			atWarm = append(atWarm, r)
		}
	}
	require.Len(t, atWarm, 1, "one run, not a failure and a retry: %+v", atWarm)
	r := atWarm[0]
	assert.Equal(t, store.OutcomeApplied, r.Outcome, r.Error)
	assert.Equal(t, 1, r.Attempt)
	assert.False(t, r.Preplanned.IsZero())
	assert.True(t, r.Preplanned.Before(warm))
	assert.Contains(t, r.Replanned, "was stale: the state changed after it (Terraform refused it: Saved plan is stale")
	assert.GreaterOrEqual(t, r.Requested, r.PlanTime+r.ApplyTime, "capacity requested after the plan made again and its apply")
	assert.Equal(t, "10", s.output("web"), "the warm capacity")
	assert.Equal(t, `"v2"`, s.output("release"), "CI's change kept")
	requireLeaseFree(t, s)
}
