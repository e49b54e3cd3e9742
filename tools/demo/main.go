// Command demo shows the orchestrator at work on the embedded store against
// real Terraform: it builds the provider and the orchestrator, creates a
// stack whose show goes on sale a minute from now, applies it as CI would,
// runs the daemon through the show printing each transition as it is
// applied, then prints the ledger.
//
//	go run ./tools/demo -terraform /usr/local/bin/terraform
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/providermirror"
	"github.com/hotshow/terraform-provider-hotshow/internal/tfenv"
)

func main() {
	terraform := flag.String("terraform", "terraform", "Terraform or OpenTofu binary")
	work := flag.String("dir", ".demo/orchestrator", "working directory (recreated)")
	in := flag.Duration("in", 50*time.Second, "how long from now the show goes on sale")
	flag.Parse()
	if err := run(context.Background(), *terraform, *work, *in); err != nil {
		fmt.Fprintln(os.Stderr, "demo:", err)
		os.Exit(1)
	}
}

// demo is one run of the demo: its directory, binaries and environment.
type demo struct {
	dir, terraform, orchestrator string
	cli                          string // TF_CLI_CONFIG_FILE
	env                          []string
	onSale                       time.Time
}

func run(ctx context.Context, terraform, work string, in time.Duration) error {
	d, err := setUp(work, terraform, in)
	if err != nil {
		return err
	}
	if err := d.ciApply(ctx); err != nil {
		return err
	}
	fmt.Printf("\n== hotshow-orchestrator schedule\n")
	if err := d.orchestrate(os.Stdout, "schedule"); err != nil {
		return err
	}
	phases, err := d.phases()
	if err != nil {
		return err
	}
	fmt.Printf("\n== hotshow-orchestrator run (the daemon; stopped with SIGTERM after the show ends)\n")
	if err := d.daemon(phases); err != nil {
		return err
	}
	fmt.Printf("\n== hotshow-orchestrator history\n")
	if err := d.orchestrate(os.Stdout, "history"); err != nil {
		return err
	}
	from, until := d.onSale.Add(-time.Minute), d.onSale.Add(time.Minute)
	fmt.Printf("\n== hotshow-orchestrator report -from %s -until %s -price web=0.096,api=0.05\n", from.Format(time.RFC3339), until.Format(time.RFC3339))
	return d.orchestrate(os.Stdout, "report", "-from", from.Format(time.RFC3339), "-until", until.Format(time.RFC3339), "-price", "web=0.096,api=0.05")
}

func setUp(work, terraform string, in time.Duration) (*demo, error) {
	work, err := filepath.Abs(work)
	if err != nil {
		return nil, err
	}
	if err := os.RemoveAll(work); err != nil {
		return nil, err
	}
	fmt.Printf("== building the provider and the orchestrator\n")
	cli, err := providermirror.Build(work, "0.0.1")
	if err != nil {
		return nil, err
	}
	d := &demo{dir: work, terraform: terraform, cli: cli, orchestrator: filepath.Join(work, "bin", "hotshow-orchestrator"),
		onSale: clock.Real{}.Now().UTC().Add(in).Truncate(time.Second)}
	d.env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+cli, "CHECKPOINT_DISABLE=1")
	build := exec.Command("go", "build", "-o", d.orchestrator, "github.com/hotshow/terraform-provider-hotshow/cmd/hotshow-orchestrator")
	build.Stdout, build.Stderr = os.Stdout, os.Stderr
	if err := build.Run(); err != nil {
		return nil, fmt.Errorf("building the orchestrator: %w", err)
	}
	stack := filepath.Join(work, "stacks", "ticketing")
	if err := os.MkdirAll(stack, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(stack, "main.tf"), []byte(stackTF(d.onSale)), 0o644); err != nil {
		return nil, err
	}
	return d, os.WriteFile(filepath.Join(work, "hotshow.hcl"), []byte(fmt.Sprintf(configHCL, terraform)), 0o644)
}

// ciApply applies the stack the way CI does when the show's pull request
// merges.
func (d *demo) ciApply(ctx context.Context) error {
	fmt.Printf("\n== CI: terraform init && terraform apply (the show goes on sale at %s)\n", d.onSale.Format(time.RFC3339))
	tf, err := tfexec.NewTerraform(filepath.Join(d.dir, "stacks", "ticketing"), d.terraform)
	if err != nil {
		return err
	}
	if err := tf.SetEnv(tfenv.Merge(map[string]string{"TF_CLI_CONFIG_FILE": d.cli, "CHECKPOINT_DISABLE": "1"})); err != nil {
		return err
	}
	if err := tf.Init(ctx); err != nil {
		return fmt.Errorf("terraform init: %w", err)
	}
	if err := tf.Apply(ctx); err != nil {
		return fmt.Errorf("terraform apply: %w", err)
	}
	fmt.Println("applied: 1 show, 2 capacity targets at their baseline")
	return nil
}

func (d *demo) command(args ...string) *exec.Cmd {
	cmd := exec.Command(d.orchestrator, append(args[:1:1], append([]string{"-config", filepath.Join(d.dir, "hotshow.hcl")}, args[1:]...)...)...)
	cmd.Env = d.env
	return cmd
}

func (d *demo) orchestrate(stdout io.Writer, args ...string) error {
	cmd := d.command(args...)
	cmd.Stdout, cmd.Stderr = stdout, io.Discard
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("hotshow-orchestrator %s: %w", args[0], err)
	}
	return nil
}

// phases maps each transition instant to "phase (capacity)" for display.
func (d *demo) phases() (map[string]string, error) {
	var b strings.Builder
	if err := d.orchestrate(&b, "schedule", "-json"); err != nil {
		return nil, err
	}
	var ups []orchestrator.Upcoming
	if err := json.Unmarshal([]byte(b.String()), &ups); err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, u := range ups {
		out[u.At.UTC().Format(time.RFC3339)] = u.Phase
	}
	return out, nil
}

// daemon runs `run`, prints each run from its JSON log, and stops it with
// SIGTERM once the last transition has settled.
func (d *demo) daemon(phases map[string]string) error {
	cmd := d.command("run", "-log-format", "json")
	logs, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	left := len(phases)
	scanner := bufio.NewScanner(logs)
	for left > 0 && scanner.Scan() {
		if report(scanner.Text(), phases) {
			left--
		}
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	go func() { _, _ = io.Copy(io.Discard, logs) }()
	return cmd.Wait()
}

// report prints a run's log line; true when it settled a transition.
func report(line string, phases map[string]string) bool {
	var l struct {
		Msg     string `json:"msg"`
		URL     string `json:"url"`
		Instant string `json:"instant"`
		Lag     int64  `json:"lag"` // nanoseconds, as slog writes durations
		// Requested is the instant → apply finished; PlanAge how long
		// before its apply the plan was made.
		Requested int64    `json:"requested"`
		PlanAge   int64    `json:"plan_age"`
		Diff      []string `json:"diff"`
		Error     string   `json:"error"`
	}
	if json.Unmarshal([]byte(line), &l) != nil {
		return false
	}
	if l.URL != "" {
		fmt.Printf("status page: %s (metrics on %smetrics)\n", l.URL, l.URL)
	}
	if !strings.HasPrefix(l.Msg, "run ") {
		return false
	}
	lag := time.Duration(l.Lag).Round(time.Millisecond)
	what := fmt.Sprintf("started %s after its instant", lag)
	if l.Requested > 0 {
		what = fmt.Sprintf("capacity requested %s after its instant (planned %s before the apply)",
			time.Duration(l.Requested).Round(time.Millisecond), time.Duration(l.PlanAge).Round(100*time.Millisecond))
	}
	fmt.Printf("%s  transition %s (%s): %s, %s\n", clock.Real{}.Now().UTC().Format("15:04:05.000"), l.Instant, phases[l.Instant], strings.TrimPrefix(l.Msg, "run "), what)
	for _, change := range l.Diff {
		fmt.Printf("      %s\n", change)
	}
	if l.Error != "" {
		fmt.Printf("      error: %s\n", l.Error)
	}
	return l.Msg == "run applied" || l.Msg == "run no-changes"
}
