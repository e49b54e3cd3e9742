// Command hotshow-orchestrator applies each hot show's capacity at the
// instants it is due, through terraform plan and apply. See
// internal/orchestrator for what each command does.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	code := orchestrator.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
