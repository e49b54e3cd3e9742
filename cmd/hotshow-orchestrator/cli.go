package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/hashicorp/hcl/v2"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
)

// Exit codes, for cron wrappers.
const (
	ExitOK      = 0 // done; every due stack settled (or held by another replica)
	ExitFailed  = 1 // a run or command failed
	ExitUsage   = 2 // bad flags or configuration
	ExitRefused = 3 // a plan was refused by the policy (tick)
	// ExitNotReady: a readiness check failed or was unknown (ready).
	ExitNotReady = 4
)

const usage = `usage: hotshow-orchestrator <command> -config hotshow.hcl [flags]

commands:
  run         daemon: apply each transition at its instant, until SIGTERM;
              serves the status page, /metrics, /healthz and /readyz (-listen)
  tick        one pass: converge every stack to now, then exit (cron, CI schedule)
  schedule    upcoming transitions of every stack, with a chart (-json, -within 168h, -ics file, -width)
  report      capacity-hours each show provisions vs running at peak (-from, -until, -price web=0.096, -format table|csv|json)
  preview     plan every stack for an instant, apply nothing (-at RFC3339, -stack, -json)
  ready       evaluate every stack's check blocks now, change nothing (-at, -stack, -json)
  history     the ledger of runs and readiness evaluations (-stack, -limit, -json)
  validate    check the configuration and the Terraform binary
  store-init  create the store (the DynamoDB table, on-demand billing) if it does not exist
  sync        tell the running daemon a stack's state changed, after CI's apply (-stack, -url)
  version     print the orchestrator's version

every command takes -config (default hotshow.hcl) and -log-format text|json;
'hotshow-orchestrator <command> -h' lists its flags.

exit codes: 0 ok, 1 a run failed, 2 usage or configuration, 3 a plan was refused,
4 a readiness check did not pass
`

// command is one subcommand: its own flags, a check of them made before
// anything is loaded, and what it does with the orchestrator.
type command struct {
	flags     func(c *cli, fs *flag.FlagSet)
	check     func(c *cli) error // nil: nothing to check
	terraform bool               // needs the Terraform binary
	run       func(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int
}

var commands = map[string]command{
	"run":        runCommand,
	"tick":       tickCommand,
	"schedule":   scheduleCommand,
	"report":     reportCommand,
	"preview":    previewCommand,
	"history":    historyCommand,
	"ready":      readyCommand,
	"validate":   validateCommand,
	"store-init": storeInitCommand,
	"sync":       syncCommand,
}

// cli holds one invocation's streams, configuration and flags.
type cli struct {
	stdout, stderr io.Writer
	clock          clock.Clock
	configPath     string
	logFormat      string
	log            logging.Logger
	cfg            *config.Config
	flags          flagValues
}

// Main runs the hotshow-orchestrator command line and returns its exit code.
// ctx ends on SIGTERM or SIGINT.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) < 1 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	if args[0] == "version" || args[0] == "-version" || args[0] == "--version" {
		fmt.Fprintf(stdout, "hotshow-orchestrator %s\n", version)
		return ExitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "unknown command %q\n%s", args[0], usage)
		return ExitUsage
	}
	c := &cli{stdout: stdout, stderr: stderr, clock: clock.Real{}}
	if code := c.parse(cmd, args); code != ExitOK {
		return code
	}
	o, code := c.load(ctx, cmd)
	if code != ExitOK {
		return code
	}
	defer func() { _ = o.Close() }()
	return cmd.run(ctx, c, o)
}

// parse reads the command's flags, and checks them.
func (c *cli) parse(cmd command, args []string) int {
	fs := flag.NewFlagSet("hotshow-orchestrator "+args[0], flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.StringVar(&c.configPath, "config", "hotshow.hcl", "configuration file")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format on stderr: text or json")
	if cmd.flags != nil {
		cmd.flags(c, fs)
	}
	if err := fs.Parse(args[1:]); err != nil {
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(c.stderr, "unexpected arguments: %s\n%s", strings.Join(fs.Args(), " "), usage)
		return ExitUsage
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		fmt.Fprintf(c.stderr, "-log-format %q: use text or json\n", c.logFormat)
		return ExitUsage
	}
	if cmd.check != nil {
		if err := cmd.check(c); err != nil {
			fmt.Fprintln(c.stderr, err)
			return ExitUsage
		}
	}
	return ExitOK
}

// load reads the configuration and builds the orchestrator.
func (c *cli) load(ctx context.Context, cmd command) (*orchestrator.Orchestrator, int) {
	cfg, err := config.Load(c.configPath)
	if err != nil {
		c.configErrors(err)
		return nil, ExitUsage
	}
	c.cfg = cfg
	if c.flags.listen != "" {
		cfg.Listen = c.flags.listenAddr()
	}
	c.log = c.logger()
	opts := []orchestrator.Option{orchestrator.WithLogger(c.log), orchestrator.WithClock(c.clock)}
	if isTerminal(c.stderr) {
		opts = append(opts, orchestrator.WithProgress(terminalProgress(c.stderr)))
	}
	if !cmd.terraform {
		opts = append(opts, orchestrator.WithRunnerFactory(func(config.Stack) (tfrun.Runner, error) {
			return nil, errors.New("this command runs no terraform")
		}))
	}
	o, err := orchestrator.New(ctx, cfg, opts...)
	if err != nil {
		fmt.Fprintf(c.stderr, "%s\n", err)
		return nil, ExitUsage
	}
	return o, ExitOK
}

// configErrors prints every configuration error, one a line, in source
// order.
func (c *cli) configErrors(err error) {
	var diags hcl.Diagnostics
	if !errors.As(err, &diags) {
		fmt.Fprintf(c.stderr, "configuration: %s\n", err)
		return
	}
	for _, d := range diags {
		fmt.Fprintf(c.stderr, "configuration: %s\n", d.Error())
	}
}

func (c *cli) logger() logging.Logger {
	opts := &slog.HandlerOptions{Level: slog.LevelInfo}
	if c.logFormat == "json" {
		return logging.Slog(slog.New(slog.NewJSONHandler(c.stderr, opts)))
	}
	return logging.Slog(slog.New(slog.NewTextHandler(c.stderr, opts)))
}

func (c *cli) fail(err error) int {
	fmt.Fprintf(c.stderr, "error: %s\n", err)
	return ExitFailed
}

func (c *cli) printJSON(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.fail(err)
	}
	return ExitOK
}

func (c *cli) table() *tabwriter.Writer { return tabwriter.NewWriter(c.stdout, 0, 2, 2, ' ', 0) }

func (c *cli) flush(w *tabwriter.Writer) int {
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return ExitOK
}

// isTerminal reports whether w is a character device (a terminal), where
// progress is shown; logs and pipes get none.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// terminalProgress redraws one status line, and clears it at the end.
func terminalProgress(w io.Writer) func(string, int, int) {
	return func(what string, done, total int) {
		if total == 0 || done >= total {
			fmt.Fprint(w, "\r\033[K")
			return
		}
		fmt.Fprintf(w, "\r\033[K%s %d/%d", what, done, total)
	}
}
