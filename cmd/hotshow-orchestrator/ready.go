package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
)

var readyCommand = command{
	flags: func(c *cli, fs *flag.FlagSet) {
		fs.StringVar(&c.flags.at, "at", "", "instant to evaluate the checks as of (HOTSHOW_AS_OF), RFC 3339; default now")
		fs.StringVar(&c.flags.stack, "stack", "", "only this stack")
		fs.BoolVar(&c.flags.asJSON, "json", false, "print JSON instead of a table")
	},
	check: func(c *cli) error {
		if c.flags.at == "" {
			return nil
		}
		return checkAt(&c.flags)
	},
	terraform: true,
	run:       ready,
}

// ready evaluates every stack's check blocks now (a refresh-only plan,
// never applied) and prints each check's result; it exits ExitNotReady
// when one does not pass.
func ready(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	at := c.flags.atTime
	if c.flags.at == "" {
		at = c.clock.Now()
	}
	rs, err := o.Ready(ctx, at, c.flags.stack)
	if err != nil {
		return c.fail(err)
	}
	code := ExitOK
	for _, r := range rs {
		if !r.Ready {
			code = ExitNotReady
		}
	}
	if c.flags.asJSON {
		if jc := c.printJSON(rs); jc != ExitOK {
			return jc
		}
		return code
	}
	w := c.table()
	fmt.Fprintln(w, "STACK\tCHECK\tSTATUS\tMESSAGE")
	for _, r := range rs {
		if len(r.Checks) == 0 {
			fmt.Fprintf(w, "%s\t-\t-\tthe stack has no check blocks\n", r.Stack)
		}
		for _, ch := range r.Checks {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.Stack, ch.Address, ch.Status, strings.Join(ch.Messages, "; "))
		}
	}
	if fc := c.flush(w); fc != ExitOK {
		return fc
	}
	if code == ExitNotReady {
		fmt.Fprintf(c.stderr, "not ready as of %s\n", at.UTC().Format(time.RFC3339))
	}
	return code
}
