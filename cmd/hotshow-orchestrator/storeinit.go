package main

import (
	"context"
	"fmt"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

var storeInitCommand = command{run: storeInit}

// storeInit creates the store's table when it has one to create.
func storeInit(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	cr, ok := o.Store().(store.Creator)
	if !ok {
		fmt.Fprintf(c.stdout, "store file %s is ready\n", c.cfg.Store.Path)
		return ExitOK
	}
	if err := cr.Create(ctx); err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "dynamodb table %s is active\n", c.cfg.Store.Dynamo.Table)
	return ExitOK
}
