package main

import (
	"context"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

var tickCommand = command{terraform: true, run: tick}

// tick converges every stack once; its exit code says how that went.
func tick(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	results, err := o.Tick(ctx)
	if err != nil {
		return c.fail(err)
	}
	code := ExitOK
	for _, r := range results {
		switch {
		case r.Run.Outcome == store.OutcomeRefused || r.Run.Outcome == store.OutcomePartial:
			code = ExitRefused
		case r.Err != nil && !r.Held && code == ExitOK:
			code = ExitFailed
		}
	}
	return code
}
