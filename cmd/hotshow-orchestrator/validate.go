package main

import (
	"context"
	"fmt"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
)

var validateCommand = command{terraform: true, run: validate}

// validate reports the configuration that loaded (and the Terraform binary
// that New found and checked), then reads every stack's shows and warns of
// what they ask that will not happen as scheduled (Orchestrator.Warnings).
func validate(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	where := c.cfg.Store.Path
	if c.cfg.Store.Kind == "dynamodb" {
		where = c.cfg.Store.Dynamo.Table + " in " + c.cfg.Store.Dynamo.Region
	}
	fmt.Fprintf(c.stdout, "%s: %d stack(s), store %s %s, policy %s\n", c.cfg.Path, len(c.cfg.Stacks), c.cfg.Store.Kind, where, c.cfg.Policy.Mode)
	states, err := o.DiscoverAll(ctx)
	if err != nil {
		return c.fail(err)
	}
	warnings, err := o.Warnings(ctx, states, c.clock.Now())
	if err != nil {
		return c.fail(err)
	}
	printWarnings(c.stdout, warnings)
	return ExitOK
}
