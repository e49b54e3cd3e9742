package e2etest

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/awsstandin"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/providermirror"
	"github.com/hotshow/terraform-provider-hotshow/internal/tfenv"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

// exitRefused is the binary's exit code when the policy refused a plan
// (cmd/hotshow-orchestrator's ExitRefused).
const exitRefused = 3

// Built once for the package by TestMain.
var (
	orchestratorBin string
	cliConfig       string
)

func TestMain(m *testing.M) {
	awsstandin.ServeIfStarted() // Terraform starts this binary as hashicorp/aws
	flag.Parse()
	if os.Getenv("TF_ACC") == "" || testing.Short() {
		os.Exit(m.Run()) // every test skips itself
	}
	dir, err := os.MkdirTemp("", "hotshow-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := 1
	if err := build(dir); err != nil {
		fmt.Fprintln(os.Stderr, "e2etest:", err)
	} else {
		code = m.Run()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// build compiles the orchestrator, and the provider into a mirror beside
// the AWS stand-in (this test binary).
func build(dir string) error {
	orchestratorBin = filepath.Join(dir, "hotshow-orchestrator")
	pkg := "github.com/hotshow/terraform-provider-hotshow/cmd/hotshow-orchestrator"
	if out, err := exec.Command("go", "build", "-o", orchestratorBin, pkg).CombinedOutput(); err != nil {
		return fmt.Errorf("building %s: %v\n%s", pkg, err, out)
	}
	var err error
	if cliConfig, err = providermirror.Build(dir, "0.1.0"); err != nil {
		return err
	}
	return awsstandin.Install(providermirror.MirrorDir(dir))
}

// stack is one Terraform working directory and its orchestrator config.
type stack struct {
	t      testing.TB
	root   string // holds hotshow.hcl, .hotshow/, stacks/s
	dir    string
	config string
	tf     *tfexec.Terraform
	env    []string // for the orchestrator's processes
	fleet  string   // the AWS stand-in's fleet file, for a stack on it
}

// newStack writes main.tf into a fresh stack and hotshow.hcl (with the
// top-level blocks in extraHCL) beside it, and runs terraform init.
func newStack(t testing.TB, mainTF, extraHCL string) *stack {
	t.Helper()
	return newStackEnv(t, mainTF, extraHCL, nil)
}

// newStackEnv is newStack with env (KEY=value) added to every Terraform and
// orchestrator process of the stack, CI's included.
func newStackEnv(t testing.TB, mainTF, extraHCL string, env []string) *stack {
	t.Helper()
	return newStackFiles(t, map[string]string{"main.tf": mainTF}, extraHCL, env)
}

// newStackFiles is newStackEnv with the stack's files by name.
func newStackFiles(t testing.TB, files map[string]string, extraHCL string, env []string) *stack {
	t.Helper()
	s := &stack{t: t, root: t.TempDir(), env: env}
	s.dir = filepath.Join(s.root, "stacks", "s")
	require.NoError(t, os.MkdirAll(s.dir, 0o755))
	for name, content := range files {
		require.NoError(t, os.WriteFile(filepath.Join(s.dir, name), []byte(content), 0o644))
	}
	s.config = filepath.Join(s.root, "hotshow.hcl")
	hcl := fmt.Sprintf(`terraform {
  binary  = %q
  version = ">= 1.5.0"
}
%s
orchestrator {
  retry_backoff  = "1s"
  retry_max      = "2s"
  lease_ttl      = "3s"
  resync_interval = "1m"
  listen          = "127.0.0.1:0"
}
stack "s" { dir = "stacks/s" }
%s
`, tftest.TerraformPath(t), fileStore(extraHCL), extraHCL)
	require.NoError(t, os.WriteFile(s.config, []byte(hcl), 0o644))
	tf, err := tfexec.NewTerraform(s.dir, tftest.TerraformPath(t))
	require.NoError(t, err)
	tf.SetStdout(logWriter{t, "terraform"})
	tf.SetStderr(logWriter{t, "terraform"})
	vars := map[string]string{"TF_CLI_CONFIG_FILE": cliConfig, "CHECKPOINT_DISABLE": "1"}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	require.NoError(t, tf.SetEnv(tfenv.Merge(vars)))
	require.NoError(t, tf.Init(context.Background()))
	s.tf = tf
	return s
}

// fileStore is the embedded store's block, unless extraHCL names a store.
func fileStore(extraHCL string) string {
	if strings.Contains(extraHCL, `store "`) {
		return ""
	}
	return `store "file" { path = ".hotshow/orchestrator.db" }`
}

// ciApply applies the stack as CI would after a merge.
func (s *stack) ciApply() {
	s.t.Helper()
	// As the CI recipe does: wait for a lock a run of the daemon holds.
	require.NoError(s.t, s.tf.Apply(context.Background(), tfexec.LockTimeout("60s")))
}

// output reads a number output of the stack.
func (s *stack) output(name string) string {
	s.t.Helper()
	outs, err := s.tf.Output(context.Background())
	require.NoError(s.t, err)
	return string(outs[name].Value)
}

// orchestrate runs the orchestrator binary to completion.
func (s *stack) orchestrate(args ...string) (stdout string, code int) {
	s.t.Helper()
	cmd := s.command(args...)
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	}
	require.NoError(s.t, err)
	return out.String(), 0
}

func (s *stack) command(args ...string) *exec.Cmd {
	cmd := exec.Command(orchestratorBin, append(args[:1:1], append([]string{"-config", s.config}, args[1:]...)...)...)
	cmd.Env = append(append(os.Environ(), "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1"), s.env...)
	cmd.Stderr = logWriter{s.t, "orchestrator"}
	return cmd
}

// history reads the transitions' runs from the ledger through the binary
// (historyAll: readiness evaluations and calendar runs too).
func (s *stack) history() []store.Run {
	s.t.Helper()
	var runs []store.Run
	for _, r := range s.historyAll() {
		if r.Kind == "" {
			runs = append(runs, r)
		}
	}
	return runs
}

func (s *stack) historyAll() []store.Run {
	s.t.Helper()
	out, code := s.orchestrate("history", "-json", "-limit", "0")
	require.Equal(s.t, 0, code)
	var runs []store.Run
	require.NoError(s.t, json.Unmarshal([]byte(out), &runs))
	return runs
}

// daemon is a running `hotshow-orchestrator run`.
type daemon struct {
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan error
}

func (s *stack) startDaemon() *daemon {
	s.t.Helper()
	d := &daemon{log: &syncBuffer{}, done: make(chan error, 1)}
	d.cmd = s.command("run")
	d.cmd.Stderr = io.MultiWriter(logWriter{s.t, "daemon"}, d.log)
	require.NoError(s.t, d.cmd.Start())
	go func() { d.done <- d.cmd.Wait() }()
	s.t.Cleanup(func() {
		_ = d.cmd.Process.Kill()
		<-d.done
	})
	return d
}

// stop sends SIGTERM and waits for the daemon to exit.
func (d *daemon) stop(t testing.TB) error {
	t.Helper()
	require.NoError(t, d.cmd.Process.Signal(os.Interrupt))
	select {
	case err := <-d.done:
		d.done <- err
		return err
	case <-time.After(2 * time.Minute):
		t.Fatal("the daemon did not stop within 2 minutes of SIGTERM")
		return nil
	}
}

// waitFor polls cond every 100 ms until it holds or limit passes.
func waitFor(t testing.TB, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s waiting for %s", limit, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// sleepUntil sleeps until instant t.
func sleepUntil(at time.Time) { time.Sleep(time.Until(at)) }

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type logWriter struct {
	t      testing.TB
	prefix string
}

func (w logWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(strings.TrimRight(string(p), "\n"), "\n") {
		w.t.Logf("%s: %s", w.prefix, line)
	}
	return len(p), nil
}

func itoa(i int) string { return fmt.Sprint(i) }
