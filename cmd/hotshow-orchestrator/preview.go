package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
)

var previewCommand = command{
	flags: func(c *cli, fs *flag.FlagSet) {
		fs.StringVar(&c.flags.at, "at", "", "instant to preview, RFC 3339 (required)")
		fs.StringVar(&c.flags.stack, "stack", "", "only this stack")
		fs.BoolVar(&c.flags.asJSON, "json", false, "print JSON instead of text")
	},
	check:     func(c *cli) error { return checkAt(&c.flags) },
	terraform: true,
	run:       preview,
}

// preview plans for an instant and prints what would change.
func preview(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	ps, err := o.Preview(ctx, c.flags.atTime, c.flags.stack)
	if err != nil {
		return c.fail(err)
	}
	if c.flags.asJSON {
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
