package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
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
	fmt.Fprintln(w, "STACK\tINSTANT (UTC)\tSTARTED (UTC)\tLAG\tOUTCOME\tATTEMPT\tLOCK WAIT\tPLAN\tAPPLY\tCHANGED\tERROR")
	for _, r := range runs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", r.Stack, r.Instant.UTC().Format(time.RFC3339), r.Started.UTC().Format(time.RFC3339),
			r.Lag.Round(time.Millisecond), r.Outcome, r.Attempt, r.LockWait.Round(time.Millisecond), r.PlanTime.Round(time.Millisecond), r.ApplyTime.Round(time.Millisecond),
			strings.Join(r.Changed, ","), render.OneLine(r.Error))
	}
	return c.flush(w)
}
