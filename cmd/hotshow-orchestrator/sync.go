package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
)

var syncCommand = command{
	flags: func(c *cli, fs *flag.FlagSet) {
		fs.StringVar(&c.flags.stack, "stack", "", "the stack whose state changed (default: every stack)")
		fs.StringVar(&c.flags.url, "url", "", "the daemon's status server (default: http:// and the configuration's listen)")
	},
	run: syncStacks,
}

// syncStacks tells the running daemon that CI changed stacks' state, so it
// reads their shows at once (POST /sync/{stack}, with the sync token when
// one is configured).
func syncStacks(ctx context.Context, c *cli, _ *orchestrator.Orchestrator) int {
	base, err := c.daemonURL()
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return ExitUsage
	}
	var names []string
	for _, s := range c.cfg.Stacks {
		if c.flags.stack == "" || s.Name == c.flags.stack {
			names = append(names, s.Name)
		}
	}
	if len(names) == 0 {
		fmt.Fprintf(c.stderr, "-stack %q: no such stack in %s\n", c.flags.stack, c.cfg.Path)
		return ExitUsage
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, name := range names {
		if err := postSync(ctx, client, base+"/sync/"+name, c.cfg.SyncToken); err != nil {
			return c.fail(fmt.Errorf("stack %s: %w", name, err))
		}
		fmt.Fprintf(c.stdout, "stack %s: sync requested\n", name)
	}
	return ExitOK
}

// daemonURL is -url, or the configured listen address (a wildcard host
// reached on loopback).
func (c *cli) daemonURL() (string, error) {
	if c.flags.url != "" {
		return strings.TrimSuffix(c.flags.url, "/"), nil
	}
	if c.cfg.Listen == "" {
		return "", fmt.Errorf("sync: the configuration has no status server (listen = \"\"): give -url")
	}
	host, port, err := net.SplitHostPort(c.cfg.Listen)
	if err != nil {
		return "", err
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

func postSync(ctx context.Context, client *http.Client, url, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("the daemon answered %s: %s", resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}
