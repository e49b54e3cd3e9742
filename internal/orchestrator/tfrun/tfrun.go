// Package tfrun is the orchestrator's Terraform: a Runner per stack over
// terraform-exec (init, state pull, plan into a file, show it, apply exactly
// it), the binary found and its version checked once, and a local backend's
// state read straight from disk. The arguments of each command are built by
// small functions (args.go) tested without a Terraform binary. It imports
// the configuration's Stack and nothing of the core.
package tfrun

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	goversion "github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging"
	"github.com/hotshow/terraform-provider-hotshow/internal/tfenv"
)

// Runner is the part of Terraform the orchestrator uses, for one stack. The
// instant, when not zero, is passed to the provider as HOTSHOW_AS_OF.
type Runner interface {
	// Init prepares the working directory (once per directory and process).
	Init(ctx context.Context) error
	// StatePull returns the stack's state as JSON, without starting providers.
	StatePull(ctx context.Context) ([]byte, error)
	// Plan writes a plan for instant into planFile; changed reports a diff.
	// With targets, the plan is limited to those resource addresses (and
	// what they depend on), as terraform plan -target.
	Plan(ctx context.Context, instant time.Time, planFile string, targets ...string) (changed bool, err error)
	// CheckPlan writes a refresh-only plan for instant into planFile: it
	// reads every object and data source and evaluates the check blocks
	// (their results are in the plan's JSON), and is never applied.
	CheckPlan(ctx context.Context, instant time.Time, planFile string) error
	// ShowPlan reads a saved plan.
	ShowPlan(ctx context.Context, planFile string) (*tfjson.Plan, error)
	// ProvidersSchema returns the schemas of the stack's providers, read once
	// and again whenever the dependency lock file changes.
	ProvidersSchema(ctx context.Context) (*tfjson.ProviderSchemas, error)
	// Apply applies exactly the saved plan.
	Apply(ctx context.Context, instant time.Time, planFile string) error
	// StateStamp identifies the state's current version cheaply (a local
	// backend's file size and modification time), without reading it; ok is
	// false when only reading the state can tell (a remote backend).
	StateStamp() (stamp string, ok bool)
}

// IsLocked reports whether err is Terraform's (or OpenTofu's) failure to
// take the state lock because someone else holds it.
func IsLocked(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Error acquiring the state lock")
}

// Factory makes the Runner of a stack.
type Factory func(stack config.Stack) (Runner, error)

// ResolveBinary finds the Terraform binary once at start: a path, or a name
// looked up on PATH.
func ResolveBinary(binary string) (string, error) {
	p, err := exec.LookPath(binary)
	if err != nil {
		return "", fmt.Errorf("terraform binary %q not found: %w", binary, err)
	}
	return filepath.Abs(p)
}

// CheckVersion runs `terraform version` and checks it against constraint.
func CheckVersion(ctx context.Context, execPath string, constraint goversion.Constraints) (*goversion.Version, error) {
	tf, err := tfexec.NewTerraform(filepath.Dir(execPath), execPath)
	if err != nil {
		return nil, err
	}
	v, _, err := tf.Version(ctx, true)
	if err != nil {
		return nil, fmt.Errorf("reading the version of %s: %w", execPath, err)
	}
	if !constraint.Check(v) {
		return v, fmt.Errorf("%s is version %s, which does not satisfy the configured constraint %q", execPath, v, constraint)
	}
	return v, nil
}

// Terraform returns the factory of real runners: terraform-exec on
// execPath, with the commands it runs logged to logger. Neither a plan nor
// an apply waits for a state lock someone else holds: they fail at once
// (IsLocked) and the caller decides how long to wait.
func Terraform(execPath string, logger logging.Logger) Factory {
	return func(s config.Stack) (Runner, error) {
		tf, err := tfexec.NewTerraform(s.Dir, execPath)
		if err != nil {
			return nil, fmt.Errorf("stack %s: %w", s.Name, err)
		}
		tf.SetLogger(printfLogger{logger, s.Name})
		// On cancellation terraform-exec interrupts Terraform first and
		// kills it only after this delay, so Terraform can release its lock.
		if err := tf.SetWaitDelay(30 * time.Second); err != nil {
			return nil, fmt.Errorf("stack %s: %w", s.Name, err)
		}
		return &tfRunner{tf: tf, stack: s}, nil
	}
}

type tfRunner struct {
	tf    *tfexec.Terraform
	stack config.Stack

	mu          sync.Mutex
	schemas     *tfjson.ProviderSchemas
	schemasLock string // the lock file's digest the schemas were read under
}

func (r *tfRunner) env(instant time.Time) error {
	return r.tf.SetEnv(tfenv.Merge(env(r.stack, instant)))
}

func (r *tfRunner) Init(ctx context.Context) error {
	if err := r.env(time.Time{}); err != nil {
		return err
	}
	if err := r.tf.Init(ctx); err != nil {
		return err
	}
	if r.stack.Workspace == "" || r.stack.Workspace == "default" {
		return nil
	}
	return r.tf.WorkspaceSelect(ctx, r.stack.Workspace)
}

// StatePull reads a local backend's state file directly (a stack that was
// never applied has none: an empty state), and asks Terraform for any
// other backend's.
func (r *tfRunner) StatePull(ctx context.Context) ([]byte, error) {
	if path, ok := localStatePath(r.stack.Dir, r.stack.Workspace); ok {
		doc, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			// Never applied: no shows. Unless the stack itself is gone,
			// which must not read as "no shows".
			if _, derr := os.Stat(r.stack.Dir); derr != nil {
				return nil, fmt.Errorf("stack directory: %w", derr)
			}
			return nil, nil
		}
		return doc, err
	}
	if err := r.env(time.Time{}); err != nil {
		return nil, err
	}
	s, err := r.tf.StatePull(ctx)
	return []byte(s), err
}

func (r *tfRunner) Plan(ctx context.Context, instant time.Time, planFile string, targets ...string) (bool, error) {
	if err := r.env(instant); err != nil {
		return false, err
	}
	return r.tf.Plan(ctx, planOptions(r.stack, planFile, targets)...)
}

func (r *tfRunner) CheckPlan(ctx context.Context, instant time.Time, planFile string) error {
	if err := r.env(instant); err != nil {
		return err
	}
	_, err := r.tf.Plan(ctx, checkPlanOptions(r.stack, planFile)...)
	return err
}

// ProvidersSchema implements Runner: terraform providers schema -json
// starts every provider of the stack, so its answer is kept until
// .terraform.lock.hcl changes (terraform init -upgrade, a new provider).
func (r *tfRunner) ProvidersSchema(ctx context.Context) (*tfjson.ProviderSchemas, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	lock, err := os.ReadFile(filepath.Join(r.stack.Dir, ".terraform.lock.hcl"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	sum := sha256.Sum256(lock)
	digest := hex.EncodeToString(sum[:])
	if r.schemas != nil && r.schemasLock == digest {
		return r.schemas, nil
	}
	if err := r.env(time.Time{}); err != nil {
		return nil, err
	}
	s, err := r.tf.ProvidersSchema(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the provider schemas: %w", err)
	}
	r.schemas, r.schemasLock = s, digest
	return s, nil
}

func (r *tfRunner) ShowPlan(ctx context.Context, planFile string) (*tfjson.Plan, error) {
	if err := r.env(time.Time{}); err != nil {
		return nil, err
	}
	return r.tf.ShowPlanFile(ctx, planFile)
}

func (r *tfRunner) Apply(ctx context.Context, instant time.Time, planFile string) error {
	if err := r.env(instant); err != nil {
		return err
	}
	return r.tf.Apply(ctx, applyOptions(planFile)...)
}

// StateStamp implements Runner: a local backend's state file, by size and
// modification time ("absent" before the first apply).
func (r *tfRunner) StateStamp() (string, bool) {
	path, ok := localStatePath(r.stack.Dir, r.stack.Workspace)
	if !ok {
		return "", false
	}
	fi, err := os.Stat(path)
	if err != nil {
		return "absent", true
	}
	return fmt.Sprintf("%d@%d", fi.Size(), fi.ModTime().UnixNano()), true
}

// printfLogger takes terraform-exec's Printf lines (the commands it runs).
type printfLogger struct {
	l     logging.Logger
	stack string
}

func (p printfLogger) Printf(format string, v ...any) {
	p.l.Info("terraform", "stack", p.stack, "command", strings.TrimSpace(fmt.Sprintf(format, v...)))
}
