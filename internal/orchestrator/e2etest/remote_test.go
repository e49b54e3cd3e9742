package e2etest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	goversion "github.com/hashicorp/go-version"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/mototest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

// Remote state and last-minute changes: stacks on the S3 backend (moto's
// server), CI holding the state lock at an instant, and CI moving a show
// shortly before its first transition.

const (
	bucket    = "tfstate"
	lockTable = "tflocks"
	stateKey  = "ticketing/terraform.tfstate"
)

// cliVersion is the version of the Terraform (or OpenTofu) under test.
func cliVersion(t testing.TB) *goversion.Version {
	t.Helper()
	out, err := exec.Command(tftest.TerraformPath(t), "version").Output()
	require.NoError(t, err)
	fields := strings.Fields(strings.SplitN(string(out), "\n", 2)[0]) // "Terraform v1.5.7" or "OpenTofu v1.10.6"
	v, err := goversion.NewVersion(fields[len(fields)-1])
	require.NoError(t, err)
	return v
}

// s3Backend is the backend block for moto, in the arguments this CLI
// takes: Terraform 1.5 has endpoint/dynamodb_endpoint/force_path_style,
// 1.6 and later (and OpenTofu) endpoints = {} and use_path_style. The lock
// is the DynamoDB table, or S3's own lock file (Terraform/OpenTofu 1.10+).
func s3Backend(t testing.TB, m *mototest.Server, lockfile bool) string {
	t.Helper()
	v := cliVersion(t)
	lock := fmt.Sprintf("dynamodb_table = %q", lockTable)
	if lockfile {
		lock = "use_lockfile = true"
	}
	endpoints := fmt.Sprintf("endpoint = %q\n    dynamodb_endpoint = %q\n    force_path_style = true", m.Endpoint, m.Endpoint)
	if v.GreaterThanOrEqual(goversion.Must(goversion.NewVersion("1.6.0"))) {
		endpoints = fmt.Sprintf("endpoints = {\n      s3 = %q\n      dynamodb = %q\n    }\n    use_path_style = true\n    skip_requesting_account_id = true", m.Endpoint, m.Endpoint)
	}
	return fmt.Sprintf(`
terraform {
  backend "s3" {
    bucket = %q
    key    = %q
    region = %q
    %s
    %s
    skip_credentials_validation = true
    skip_metadata_api_check     = true
    skip_region_validation      = true
  }
}
`, bucket, stateKey, mototest.Region, endpoints, lock)
}

// s3Stack is a stack whose state is in moto's S3, locked by its DynamoDB
// table or S3 lock file, holding showTF's show going on sale at onSale.
func s3Stack(t *testing.T, onSale time.Time, lockfile bool) (*stack, *mototest.Server) {
	t.Helper()
	return s3StackOf(t, func(backend string) string { return showTF(onSale, "", backend) }, lockfile)
}

// startMoto starts moto's server with the state bucket and the lock table.
func startMoto(t testing.TB) *mototest.Server {
	t.Helper()
	m := mototest.Start(t)
	m.CreateBucket(t, bucket)
	m.CreateLockTable(t, lockTable)
	return m
}

// setMotoCredentials puts moto's test credentials in this process's
// environment (benchmarks run orchestrators in process; not parallel).
func setMotoCredentials(b testing.TB) {
	for _, kv := range mototest.Credentials {
		k, v, _ := strings.Cut(kv, "=")
		b.Setenv(k, v)
	}
}

// s3StackOf is s3Stack with main.tf made by mainTF from the backend block.
func s3StackOf(t *testing.T, mainTF func(backend string) string, lockfile bool) (*stack, *mototest.Server) {
	t.Helper()
	m := startMoto(t)
	s := newStackEnv(t, mainTF(s3Backend(t, m, lockfile)), "", mototest.Credentials)
	raw, err := os.ReadFile(filepath.Join(s.dir, ".terraform", "terraform.tfstate"))
	require.NoError(t, err)
	require.Contains(t, string(raw), `"type": "s3"`, "initialised on the S3 backend")
	return s, m
}

func TestE2E_s3BackendShowApplied(t *testing.T) {
	t.Parallel()
	kinds := []bool{false}
	if cliVersion(t).GreaterThanOrEqual(goversion.Must(goversion.NewVersion("1.10.0"))) {
		kinds = append(kinds, true)
	}
	for _, lockfile := range kinds {
		t.Run(map[bool]string{false: "dynamodb lock table", true: "s3 lock file"}[lockfile], func(t *testing.T) {
			t.Parallel()
			onSale := nextOnSale().Add(5 * time.Second) // moto and the S3 init take a few seconds
			s, _ := s3Stack(t, onSale, lockfile)
			s.ciApply()
			d := s.startDaemon()
			sleepUntil(onSale.Add(2*gap + 4*time.Second))
			require.NoError(t, d.stop(t))
			runs := s.history()
			require.Len(t, runs, 4, "one run per transition")
			for i, r := range runs {
				assert.Equal(t, transitions(onSale)[i], r.Instant.UTC(), "run %d", i)
				assert.Equal(t, store.OutcomeApplied, r.Outcome, "run %d: %s", i, r.Error)
				assert.Less(t, r.Lag, 2*time.Second, "run %d lag", i)
				assert.Positive(t, r.Serial, "run %d: the state's serial after the apply, read back from S3", i)
				t.Logf("transition %d: lag %s, plan %s, apply %s", i, r.Lag, r.PlanTime, r.ApplyTime)
			}
			assert.Equal(t, "2", s.output("web"), "back at baseline, in the S3 state")
		})
	}
}

// TestE2E_s3LockHeldAcrossAnInstant: CI holds the state lock from just
// before the warm transition until 8 s after it. The run waits, never
// breaks the lock, applies within seconds of its release, and the ledger
// says how long it waited.
func TestE2E_s3LockHeldAcrossAnInstant(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale().Add(5 * time.Second)
	s, m := s3Stack(t, onSale, false)
	s.ciApply()
	d := s.startDaemon()
	warm := onSale.Add(-gap)
	sleepUntil(warm.Add(-time.Second))
	release, held := m.HoldLock(t, lockTable, bucket, stateKey)
	sleepUntil(warm.Add(8 * time.Second))
	require.True(t, held(), "nobody broke or forced CI's lock")
	release()
	released := time.Now()
	waitFor(t, 20*time.Second, "the warm run", func() bool {
		runs := s.history()
		return len(runs) > 0 && runs[0].Outcome != store.OutcomeRunning
	})
	require.NoError(t, d.stop(t))
	r := s.history()[0]
	assert.Equal(t, warm, r.Instant.UTC())
	assert.Equal(t, store.OutcomeApplied, r.Outcome, r.Error)
	assert.InDelta(t, 8, r.LockWait.Seconds(), 1.5, "the wait is in the ledger")
	assert.Less(t, r.Finished.Sub(released), 6*time.Second, "applied within seconds of the release")
	assert.Contains(t, d.log.String(), "the state is locked by someone else; waiting for it")
	t.Logf("lock wait %s; applied %s after the release (plan %s, apply %s)", r.LockWait, r.Finished.Sub(released), r.PlanTime, r.ApplyTime)
}

// noShow is a stack before any show: the capacity at baseline, the
// provider already required (as a stack that has had shows keeps it).
func noShow(extra string) string {
	return `terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}
resource "terraform_data" "web" {
  input = 2
}
output "web" { value = terraform_data.web.output }
` + extra
}

// addedShow is CI adding a show whose first transition is 30 s after its
// apply, with the daemon running: a resync is 10 minutes away, so only a
// watched state file or a push from CI gets it applied on time.
func addedShow(t *testing.T, s *stack, mainTF func(onSale time.Time) string, push bool) {
	t.Helper()
	cfg, err := os.ReadFile(s.config)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(s.config, []byte(strings.Replace(string(cfg), `resync_interval = "1m"`, `resync_interval = "10m"`, 1)), 0o644))
	d := s.startDaemon()
	url := statusPage(t, d)
	time.Sleep(3 * time.Second) // the daemon has read the stack: no shows
	onSale := time.Now().UTC().Add(30*time.Second + gap).Truncate(time.Second)
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, "main.tf"), []byte(mainTF(onSale)), 0o644))
	ciDone := time.Now()
	s.ciApply()
	t.Logf("CI's apply took %s", time.Since(ciDone))
	if push {
		out, code := s.orchestrate("sync", "-stack", "s", "-url", url)
		require.Equal(t, 0, code, out)
	}
	sleepUntil(onSale.Add(time.Second))
	require.NoError(t, d.stop(t))
	runs := s.history()
	require.NotEmpty(t, runs)
	r := runs[0]
	assert.Equal(t, onSale.Add(-gap), r.Instant.UTC(), "the added show's first transition")
	assert.Equal(t, store.OutcomeApplied, r.Outcome, r.Error)
	assert.Less(t, r.Lag, 2*time.Second, "applied on time, 30 s after CI's apply")
}

func TestE2E_showAddedByCIAppliedOnTime(t *testing.T) {
	t.Parallel()
	t.Run("local backend, watched", func(t *testing.T) {
		t.Parallel()
		s := newStack(t, noShow(""), "")
		s.ciApply()
		addedShow(t, s, func(onSale time.Time) string { return showTF(onSale, "", "") }, false)
	})
	t.Run("s3 backend, pushed", func(t *testing.T) {
		t.Parallel()
		s, m := s3StackOf(t, noShow, false)
		s.ciApply()
		addedShow(t, s, func(onSale time.Time) string { return showTF(onSale, "", s3Backend(t, m, false)) }, true)
	})
}

// TestE2E_showRemovedMidPeakIsNotReapplied: CI removes the show during its
// peak and applies (capacity back to baseline); the daemon runs neither the
// removed show's tail nor its end, and capacity stays at baseline.
func TestE2E_showRemovedMidPeakIsNotReapplied(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	s := newStack(t, showTF(onSale, "", ""), "")
	s.ciApply()
	d := s.startDaemon()
	waitFor(t, 15*time.Second, "the peak applied", func() bool { return s.output("web") == "50" })
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, "main.tf"), []byte(noShow("")), 0o644))
	s.ciApply()
	require.Equal(t, "2", s.output("web"), "CI's apply returned capacity to baseline")
	sleepUntil(onSale.Add(2*gap + 3*time.Second))
	require.NoError(t, d.stop(t))
	assert.Equal(t, "2", s.output("web"), "the removed show's capacity was not applied again")
	for _, r := range s.history() {
		// The daemon may plan the tail ahead between CI's change of main.tf
		// and its apply (they share the directory here): that plan would
		// destroy the show, and is refused. Nothing of the tail or the end
		// is applied.
		if r.Outcome == store.OutcomeRefused && r.Finished.Before(r.Instant) {
			assert.Contains(t, r.Error, "hotshow_show.s: would be destroyed")
			continue
		}
		assert.True(t, r.Instant.UTC().Before(onSale.Add(gap)), "no run for the removed show's tail or end: %s %s", r.Instant, r.Outcome)
	}
}
