package main

import (
	"context"
	"flag"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/report"
)

var reportCommand = command{
	flags: func(c *cli, fs *flag.FlagSet) {
		fs.StringVar(&c.flags.from, "from", "", "start of the report, RFC 3339 (default now)")
		fs.StringVar(&c.flags.until, "until", "", "end of the report, RFC 3339 (default 7 days after -from)")
		fs.Var(&c.flags.prices, "price", "price per unit-hour of a dimension, such as web=0.096 (repeatable, or comma-separated)")
		fs.StringVar(&c.flags.format, "format", "table", "table, csv or json")
		fs.BoolVar(&c.flags.asJSON, "json", false, "the same as -format json")
	},
	check:     func(c *cli) error { return checkReport(&c.flags, c.clock.Now()) },
	terraform: true,
	run:       reportCapacity,
}

// reportCapacity reports every stack's capacity-hours over the window.
func reportCapacity(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	rep := report.New(c.flags.fromT, c.flags.untilT, c.flags.priceMap)
	states, err := o.DiscoverAll(ctx)
	if err != nil {
		return c.fail(err)
	}
	for i, s := range c.cfg.Stacks {
		if err := rep.Add(s.Name, states[i]); err != nil {
			return c.fail(err)
		}
	}
	switch c.flags.format {
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
