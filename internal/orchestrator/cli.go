package orchestrator

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Exit codes of the hotshow-orchestrator command, for cron wrappers.
const (
	ExitOK      = 0 // done; every due stack settled (or held by another replica)
	ExitFailed  = 1 // a run or command failed
	ExitUsage   = 2 // bad flags or configuration
	ExitRefused = 3 // a plan was refused by the policy (tick)
)

const usage = `usage: hotshow-orchestrator <command> -config hotshow.hcl [flags]

commands:
  run       daemon: apply each transition at its instant, until SIGTERM
  tick      one pass: converge every stack to now, then exit (cron, CI schedule)
  schedule  upcoming transitions of every stack (-json, -within 168h)
  preview   plan every stack for an instant, apply nothing (-at RFC3339, -stack, -json)
  history   the ledger of runs (-stack, -limit, -json)
  validate  check the configuration and the Terraform binary
  store-init  create the store (the DynamoDB table, on-demand billing) if it does not exist

exit codes: 0 ok, 1 a run failed, 2 usage or configuration, 3 a plan was refused
`

// cli holds one invocation's flags and streams.
type cli struct {
	stdout, stderr io.Writer
	clock          clock.Clock
	config         string
	logFormat      string
	asJSON         bool
	at, stack      string
	atTime         time.Time
	within         time.Duration
	limit          int
}

// Main runs the hotshow-orchestrator command line and returns its exit code.
// ctx ends on SIGTERM or SIGINT.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) < 1 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	c := &cli{stdout: stdout, stderr: stderr, clock: clock.Real{}}
	fs := flag.NewFlagSet("hotshow-orchestrator "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.config, "config", "hotshow.hcl", "configuration file")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format on stderr: text or json")
	fs.BoolVar(&c.asJSON, "json", false, "print JSON instead of a table (schedule, preview, history)")
	fs.StringVar(&c.at, "at", "", "instant to preview, RFC 3339 (preview)")
	fs.StringVar(&c.stack, "stack", "", "only this stack (preview, history)")
	fs.DurationVar(&c.within, "within", 7*24*time.Hour, "how far ahead to list transitions (schedule)")
	fs.IntVar(&c.limit, "limit", 50, "how many runs to list, newest last; 0 for all (history)")
	if err := fs.Parse(args[1:]); err != nil {
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %s\n%s", strings.Join(fs.Args(), " "), usage)
		return ExitUsage
	}
	return c.dispatch(ctx, args[0])
}

func (c *cli) dispatch(ctx context.Context, cmd string) int {
	commands := map[string]func(context.Context, *Orchestrator) int{
		"run": c.run, "tick": c.tick, "schedule": c.schedule, "preview": c.preview, "history": c.history, "validate": c.validate, "store-init": c.storeInit,
	}
	f, ok := commands[cmd]
	if !ok {
		fmt.Fprintf(c.stderr, "unknown command %q\n%s", cmd, usage)
		return ExitUsage
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		fmt.Fprintf(c.stderr, "-log-format %q: use text or json\n", c.logFormat)
		return ExitUsage
	}
	if cmd == "preview" {
		if c.at == "" {
			fmt.Fprintln(c.stderr, "preview needs -at, an RFC 3339 instant such as 2026-12-01T08:55:00+11:00")
			return ExitUsage
		}
		at, err := timeline.ParseInstant(c.at)
		if err != nil {
			fmt.Fprintf(c.stderr, "-at: %s\n", err)
			return ExitUsage
		}
		c.atTime = at
	}
	cfg, err := LoadConfig(c.config)
	if err != nil {
		fmt.Fprintf(c.stderr, "configuration: %s\n", err)
		return ExitUsage
	}
	opts := []Option{WithLogger(c.logger()), WithClock(c.clock)}
	if cmd == "history" || cmd == "store-init" {
		// The ledger alone: no Terraform binary is needed.
		opts = append(opts, WithRunnerFactory(func(StackConfig) (Runner, error) { return nil, errors.New("history runs no terraform") }))
	}
	o, err := New(ctx, cfg, opts...)
	if err != nil {
		fmt.Fprintf(c.stderr, "%s\n", err)
		return ExitUsage
	}
	defer func() { _ = o.Close() }()
	return f(ctx, o)
}

func (c *cli) logger() Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if c.logFormat == "json" {
		return SlogLogger(slog.New(slog.NewJSONHandler(c.stderr, opts)))
	}
	return SlogLogger(slog.New(slog.NewTextHandler(c.stderr, opts)))
}

func (c *cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "error: %s\n", err)
	return ExitFailed
}

func (c *cli) run(ctx context.Context, o *Orchestrator) int {
	if err := o.Run(ctx); err != nil {
		return c.fail(err)
	}
	return ExitOK
}

func (c *cli) tick(ctx context.Context, o *Orchestrator) int {
	results, err := o.Tick(ctx)
	if err != nil {
		return c.fail(err)
	}
	code := ExitOK
	for _, r := range results {
		switch {
		case r.Run.Outcome == OutcomeRefused:
			code = ExitRefused
		case r.Err != nil && !r.Held && code == ExitOK:
			code = ExitFailed
		}
	}
	return code
}

func (c *cli) storeInit(ctx context.Context, o *Orchestrator) int {
	if d, ok := o.store.(*DynamoStore); ok {
		if err := d.CreateTable(ctx); err != nil {
			return c.fail(err)
		}
		fmt.Fprintf(c.stdout, "dynamodb table %s is active\n", d.table)
		return ExitOK
	}
	fmt.Fprintf(c.stdout, "store file %s is ready\n", o.cfg.Store.Path)
	return ExitOK
}

func (c *cli) validate(_ context.Context, o *Orchestrator) int {
	where := o.cfg.Store.Path
	if o.cfg.Store.Kind == "dynamodb" {
		where = o.cfg.Store.Dynamo.Table + " in " + o.cfg.Store.Dynamo.Region
	}
	fmt.Fprintf(c.stdout, "%s: %d stack(s), store %s %s, policy %s\n", o.cfg.Path, len(o.cfg.Stacks), o.cfg.Store.Kind, where, o.cfg.Policy.Mode)
	return ExitOK
}

func (c *cli) schedule(ctx context.Context, o *Orchestrator) int {
	now := c.clock.Now()
	ups, err := o.Schedule(ctx, now, now.Add(c.within))
	if err != nil {
		return c.fail(err)
	}
	if c.asJSON {
		return c.printJSON(ups)
	}
	w := tabwriter.NewWriter(c.stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(w, "STACK\tINSTANT (UTC)\tIN\tSHOW\tPHASE\tCAPACITY")
	for _, u := range ups {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Stack, u.At.UTC().Format(time.RFC3339), u.At.Sub(now).Round(time.Second), u.Show, u.Phase, fmtCapacity(u.Capacity))
	}
	return c.flush(w)
}

func (c *cli) preview(ctx context.Context, o *Orchestrator) int {
	ps, err := o.Preview(ctx, c.atTime, c.stack)
	if err != nil {
		return c.fail(err)
	}
	if c.asJSON {
		return c.printJSON(ps)
	}
	for _, p := range ps {
		fmt.Fprintf(c.stdout, "stack %s at %s: %d change(s)\n", p.Stack, p.At.UTC().Format(time.RFC3339), len(p.Changes))
		for _, ch := range p.Changes {
			verdict := "allowed by policy"
			if ch.Refused != "" {
				verdict = "REFUSED: " + ch.Refused
			}
			fmt.Fprintf(c.stdout, "  %s (%s) %s\n", ch.Address, strings.Join(ch.Actions, ", "), verdict)
			for _, a := range ch.Attributes {
				fmt.Fprintf(c.stdout, "      %s: %s -> %s\n", a.Path, a.Before, a.After)
			}
		}
	}
	return ExitOK
}

func (c *cli) history(ctx context.Context, o *Orchestrator) int {
	runs, err := o.store.Runs(ctx, c.stack, c.limit)
	if err != nil {
		return c.fail(err)
	}
	if c.asJSON {
		return c.printJSON(runs)
	}
	w := tabwriter.NewWriter(c.stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(w, "STACK\tINSTANT (UTC)\tSTARTED (UTC)\tLAG\tOUTCOME\tATTEMPT\tPLAN\tAPPLY\tCHANGED\tERROR")
	for _, r := range runs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\n", r.Stack, r.Instant.UTC().Format(time.RFC3339), r.Started.UTC().Format(time.RFC3339),
			r.Lag.Round(time.Millisecond), r.Outcome, r.Attempt, r.PlanTime.Round(time.Millisecond), r.ApplyTime.Round(time.Millisecond),
			strings.Join(r.Changed, ","), oneLine(r.Error))
	}
	return c.flush(w)
}

func (c *cli) printJSON(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.fail(err)
	}
	return ExitOK
}

func (c *cli) flush(w *tabwriter.Writer) int {
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return ExitOK
}

func fmtCapacity(cp timeline.Capacity) string {
	parts := make([]string, 0, len(cp))
	for _, d := range cp.Dimensions() {
		parts = append(parts, fmt.Sprintf("%s=%d", d, cp[d]))
	}
	return strings.Join(parts, " ")
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		return s[:157] + "..."
	}
	return s
}
