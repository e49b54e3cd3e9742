// Command hotshow-orchestrator applies each hot show's capacity at the
// instants it is due, through terraform plan and apply. It is a thin layer
// of flags and output over internal/orchestrator's exported API: one file
// per command, each with its own flag set.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// version is the orchestrator's version, set at build time with
// -ldflags "-X main.version=..." (the release does); "dev" otherwise.
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	code := Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
