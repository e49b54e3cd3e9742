package orchestrator

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/render"
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
  run       daemon: apply each transition at its instant, until SIGTERM;
            serves the status page, /metrics, /healthz and /readyz on -listen
  tick      one pass: converge every stack to now, then exit (cron, CI schedule)
  schedule  upcoming transitions of every stack, with a chart (-json, -within 168h, -ics file)
  report    capacity-hours each show provisions vs running at peak (-from, -until, -price web=0.096, -format table|csv|json)
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
	listen         string
	ics            string
	from, until    string
	fromT, untilT  time.Time
	prices         multiFlag
	format         string
	priceMap       map[string]float64
	width          int
}

// multiFlag is a flag that may be given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

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
	fs.StringVar(&c.listen, "listen", "", "address of the status server, overriding the configuration's listen; \"off\" for none (run)")
	fs.StringVar(&c.ics, "ics", "", "also write the transitions to this iCalendar file (schedule)")
	fs.StringVar(&c.from, "from", "", "start of the report, RFC 3339 (report; default now)")
	fs.StringVar(&c.until, "until", "", "end of the report, RFC 3339 (report; default 7 days after -from)")
	fs.Var(&c.prices, "price", "price per unit-hour of a dimension, such as web=0.096 (report; repeatable, or comma-separated)")
	fs.StringVar(&c.format, "format", "table", "report format: table, csv or json (report)")
	fs.IntVar(&c.width, "width", 72, "width of the schedule's chart in columns (schedule)")
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
		"report": c.report,
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
	if cmd == "report" {
		if code := c.reportFlags(); code != ExitOK {
			return code
		}
	}
	cfg, err := LoadConfig(c.config)
	if err != nil {
		fmt.Fprintf(c.stderr, "configuration: %s\n", err)
		return ExitUsage
	}
	switch c.listen {
	case "":
	case "off":
		cfg.Listen = ""
	default:
		if _, _, err := net.SplitHostPort(c.listen); err != nil {
			fmt.Fprintf(c.stderr, "-listen %q: not a host:port such as 127.0.0.1:9797: %s\n", c.listen, err)
			return ExitUsage
		}
		cfg.Listen = c.listen
	}
	opts := []Option{WithLogger(c.logger()), WithClock(c.clock)}
	if isTerminal(c.stderr) {
		opts = append(opts, WithProgress(terminalProgress(c.stderr)))
	}
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
	var served <-chan error
	// The status server outlives SIGTERM until the last apply has finished,
	// so probes keep answering through the shutdown grace.
	serveCtx, stopServing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServing()
	if o.cfg.Listen != "" {
		addr, done, err := o.Serve(serveCtx, o.cfg.Listen)
		if err != nil {
			fmt.Fprintf(c.stderr, "%s (set orchestrator { listen = \"host:port\" } or -listen, or -listen off)\n", err)
			return ExitUsage
		}
		served = done
		o.log.Info("status server listening", "url", "http://"+addr.String()+"/")
	}
	err := o.Run(ctx)
	stopServing()
	if served != nil {
		if serr := <-served; serr != nil && err == nil {
			err = serr
		}
	}
	if err != nil {
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
	until := now.Add(c.within)
	states, err := o.DiscoverAll(ctx)
	if err != nil {
		return c.fail(err)
	}
	ups := o.upcoming(states, now, until)
	if c.ics != "" {
		if err := writeICS(c.ics, ups, now); err != nil {
			return c.fail(err)
		}
	}
	if c.asJSON {
		return c.printJSON(ups)
	}
	w := tabwriter.NewWriter(c.stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(w, "STACK\tINSTANT (UTC)\tIN\tSHOW\tPHASE\tCAPACITY")
	for _, u := range ups {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.Stack, u.At.UTC().Format(time.RFC3339), u.At.Sub(now).Round(time.Second), u.Show, u.Phase, render.FormatCapacity(u.Capacity))
	}
	if code := c.flush(w); code != ExitOK {
		return code
	}
	// The chart spans now to a little after the last transition listed.
	end := now.Add(time.Minute)
	if len(ups) > 0 {
		last := ups[len(ups)-1].At
		end = last.Add(max(last.Sub(now)/10, time.Minute))
	}
	var stacks []render.Stack
	for i, s := range o.cfg.Stacks {
		stacks = append(stacks, stackView(render.Stack{Name: s.Name, Discovered: true}, states[i], now, now, end))
	}
	fmt.Fprintln(c.stdout)
	if err := render.WriteTimeline(c.stdout, stacks, now, end, c.width, time.UTC); err != nil {
		return c.fail(err)
	}
	return ExitOK
}

func writeICS(path string, ups []Upcoming, now time.Time) error {
	evs := make([]render.CalendarEvent, len(ups))
	for i, u := range ups {
		evs[i] = render.CalendarEvent{Stack: u.Stack, Mark: render.Mark{At: u.At, Show: u.Show, Phase: u.Phase, Capacity: u.Capacity}}
	}
	var b strings.Builder
	if err := render.WriteICS(&b, evs, now); err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("writing the calendar: %w", err)
	}
	return nil
}

// reportFlags checks report's flags before anything is loaded.
func (c *cli) reportFlags() int {
	var err error
	c.fromT = c.clock.Now()
	if c.from != "" {
		if c.fromT, err = timeline.ParseInstant(c.from); err != nil {
			fmt.Fprintf(c.stderr, "-from: %s\n", err)
			return ExitUsage
		}
	}
	c.untilT = c.fromT.Add(7 * 24 * time.Hour)
	if c.until != "" {
		if c.untilT, err = timeline.ParseInstant(c.until); err != nil {
			fmt.Fprintf(c.stderr, "-until: %s\n", err)
			return ExitUsage
		}
	}
	if !c.untilT.After(c.fromT) {
		fmt.Fprintf(c.stderr, "-until %s is not after -from %s\n", c.untilT.Format(time.RFC3339), c.fromT.Format(time.RFC3339))
		return ExitUsage
	}
	if c.priceMap, err = ParsePrices(c.prices); err != nil {
		fmt.Fprintf(c.stderr, "-price: %s\n", err)
		return ExitUsage
	}
	if c.asJSON {
		c.format = "json"
	}
	switch c.format {
	case "table", "csv", "json":
	default:
		fmt.Fprintf(c.stderr, "-format %q: use table, csv or json\n", c.format)
		return ExitUsage
	}
	return ExitOK
}

func (c *cli) report(ctx context.Context, o *Orchestrator) int {
	rep, err := o.Report(ctx, c.fromT, c.untilT, c.priceMap)
	if err != nil {
		return c.fail(err)
	}
	switch c.format {
	case "json":
		return c.printJSON(rep)
	case "csv":
		err = rep.WriteCSV(c.stdout)
	default:
		err = rep.WriteTable(c.stdout)
	}
	if err != nil {
		return c.fail(err)
	}
	return ExitOK
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

func oneLine(s string) string { return squeeze(s, 160) }

// squeeze folds s's whitespace and shortens it to at most n bytes.
func squeeze(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return strings.ToValidUTF8(s[:n-3], "") + "..."
	}
	return s
}
