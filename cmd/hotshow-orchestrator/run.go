package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
)

var runCommand = command{
	flags: func(c *cli, fs *flag.FlagSet) {
		fs.StringVar(&c.flags.listen, "listen", "", "address of the status server, overriding the configuration's listen; \"off\" for none")
	},
	check:     func(c *cli) error { return checkListen(&c.flags) },
	terraform: true,
	run:       runDaemon,
}

// runDaemon runs the scheduler until ctx ends, with the status server.
func runDaemon(ctx context.Context, c *cli, o *orchestrator.Orchestrator) int {
	var served <-chan error
	// The status server outlives SIGTERM until the last apply has finished,
	// so probes keep answering through the shutdown grace.
	serveCtx, stopServing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopServing()
	if c.cfg.Listen != "" {
		addr, done, err := o.Serve(serveCtx, c.cfg.Listen)
		if err != nil {
			fmt.Fprintf(c.stderr, "%s (set orchestrator { listen = \"host:port\" } or -listen, or -listen off)\n", err)
			return ExitUsage
		}
		served = done
		c.log.Info("status server listening", "url", "http://"+addr.String()+"/")
	}
	var intakeDone <-chan error
	if c.cfg.Intake != nil {
		addr, done, err := o.ServeIntake(serveCtx)
		if err != nil {
			fmt.Fprintln(c.stderr, err)
			return ExitUsage
		}
		intakeDone = done
		c.log.Info("intake listening", "url", "http://"+addr.String()+"/requests", "calendar", o.Calendar().Describe())
	}
	err := o.Run(ctx)
	stopServing()
	for _, done := range []<-chan error{served, intakeDone} {
		if done == nil {
			continue
		}
		if serr := <-done; serr != nil && err == nil {
			err = serr
		}
	}
	if err != nil {
		return c.fail(err)
	}
	return ExitOK
}
