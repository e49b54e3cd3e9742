package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/render"
)

var historyCommand = command{
	flags: func(c *cli, fs *flag.FlagSet) {
		fs.StringVar(&c.flags.stack, "stack", "", "only this stack")
		fs.IntVar(&c.flags.limit, "limit", 50, "how many runs to list, newest last; 0 for all")
		fs.BoolVar(&c.flags.asJSON, "json", false, "print JSON instead of a table")
	},
	run: history, // the ledger alone: no Terraform binary is needed
}

// history prints the ledger.
func history(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	runs, err := o.Store().Runs(ctx, c.flags.stack, c.flags.limit)
	if err != nil {
		return c.fail(err)
	}
	if c.flags.asJSON {
		return c.printJSON(runs)
	}
	w := c.table()
	fmt.Fprintln(w, "STACK\tINSTANT (UTC)\tSTARTED (UTC)\tLAG\tREQUESTED\tOUTCOME\tATTEMPT\tLOCK WAIT\tPLAN\tPLANNED\tAPPLY\tCHANGED\tERROR")
	for _, r := range runs {
		changed, note := strings.Join(r.Changed, ","), joinNonEmpty(r.Replanned, r.Error)
		if r.IsChecks() {
			changed, note = "-", joinNonEmpty(failing(r.Checks), r.Error)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Stack, r.Instant.UTC().Format(time.RFC3339), r.Started.UTC().Format(time.RFC3339),
			r.Lag.Round(time.Millisecond), orDash(r.Requested), r.Outcome, r.Attempt, r.LockWait.Round(time.Millisecond), r.PlanTime.Round(time.Millisecond),
			planned(r), r.ApplyTime.Round(time.Millisecond), changed, render.OneLine(note))
	}
	return c.flush(w)
}

// planned says when a run's plan was made: how long ahead of the instant,
// "at instant", or "again" when a plan made ahead was planned again.
func planned(r store.Run) string {
	switch {
	case r.IsChecks():
		return "checks " + r.Checkpoint
	case r.Preplanned.IsZero():
		return "at instant"
	case r.Replanned != "":
		return "again"
	default:
		return r.Instant.Sub(r.Preplanned).Round(time.Millisecond).String() + " ahead"
	}
}

// failing lists the checks of an evaluation that did not pass, with their
// messages.
func failing(checks []store.CheckResult) string {
	var out []string
	for _, c := range checks {
		if c.Status != store.CheckPass {
			out = append(out, c.Address+" "+c.Status+": "+strings.Join(c.Messages, "; "))
		}
	}
	return strings.Join(out, "; ")
}

func orDash(d time.Duration) string {
	if d <= 0 {
		return "-"
	}
	return d.Round(time.Millisecond).String()
}

func joinNonEmpty(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
