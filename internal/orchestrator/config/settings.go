package config

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Defaults of the orchestrator block.
const (
	DefaultResyncInterval = 5 * time.Minute
	DefaultRetryBackoff   = 10 * time.Second
	DefaultRetryMax       = 5 * time.Minute
	DefaultParallelism    = 4
	DefaultLeaseTTL       = 2 * time.Minute
	DefaultShutdownGrace  = 15 * time.Minute
	DefaultLockTimeout    = 2 * time.Minute
	DefaultWatchInterval  = time.Second
	DefaultListen         = "127.0.0.1:9797"
	DefaultPreplanMin     = 30 * time.Second
	DefaultPreplanMax     = 10 * time.Minute
	// PreplanFactor is how many times its slowest recent plan a stack is
	// planned ahead of a transition: a plan made while others run (a burst)
	// takes longer than the one measured.
	PreplanFactor = 4
)

// DefaultChecksAt are the offsets from a show's on-sale at which its stack's
// readiness checks are evaluated: the day before (time to raise a quota or
// a capacity reservation) and a quarter of an hour before (the last look).
var DefaultChecksAt = []time.Duration{-24 * time.Hour, -15 * time.Minute}

func (l *loader) orchestrator(c *Config, b *orchestratorBlock) {
	host, _ := os.Hostname()
	c.Holder = fmt.Sprintf("%s-%d", host, os.Getpid())
	c.ResyncInterval, c.RetryBackoff, c.RetryMax = DefaultResyncInterval, DefaultRetryBackoff, DefaultRetryMax
	c.Parallelism, c.LeaseTTL, c.ShutdownGrace = DefaultParallelism, DefaultLeaseTTL, DefaultShutdownGrace
	c.Listen, c.LockTimeout, c.WatchInterval = DefaultListen, DefaultLockTimeout, DefaultWatchInterval
	c.Preplan = Preplan{Min: DefaultPreplanMin, Max: DefaultPreplanMax}
	c.Checks = Checks{At: slices.Clone(DefaultChecksAt), After: true}
	if b == nil {
		return
	}
	l.preplan(&c.Preplan, b)
	l.checks(&c.Checks, b)
	l.duration(&c.ResyncInterval, b.ResyncInterval, "resync_interval")
	l.duration(&c.RetryBackoff, b.RetryBackoff, "retry_backoff")
	l.duration(&c.RetryMax, b.RetryMax, "retry_max")
	l.duration(&c.LeaseTTL, b.LeaseTTL, "lease_ttl")
	l.duration(&c.ShutdownGrace, b.ShutdownGrace, "shutdown_grace")
	l.duration(&c.LockTimeout, b.LockTimeout, "lock_timeout")
	l.duration(&c.WatchInterval, b.WatchInterval, "watch_interval")
	if b.Parallelism != nil {
		c.Parallelism = *b.Parallelism
		if c.Parallelism < 1 {
			l.fail(l.attrRange("orchestrator", 0, "parallelism"), "Invalid orchestrator.parallelism", fmt.Sprintf("parallelism is %d: it must be 1 or more (stacks run at once).", c.Parallelism))
		}
	}
	if b.Holder != nil {
		c.Holder = *b.Holder
	}
	if b.SyncTokenEnv != nil {
		if c.SyncToken = os.Getenv(*b.SyncTokenEnv); c.SyncToken == "" {
			l.fail(l.attrRange("orchestrator", 0, "sync_token_env"), "Empty orchestrator.sync_token_env",
				fmt.Sprintf("the environment variable %s named by sync_token_env is not set or empty.", *b.SyncTokenEnv))
		}
	}
	if b.Listen != nil {
		c.Listen = *b.Listen
		if _, _, err := net.SplitHostPort(c.Listen); c.Listen != "" && err != nil {
			l.fail(l.attrRange("orchestrator", 0, "listen"), "Invalid orchestrator.listen",
				fmt.Sprintf("%q is not a host:port such as \"127.0.0.1:9797\" (or \"\" for no status server): %s.", c.Listen, err))
		}
	}
}

// preplan reads preplan ("auto", "off" or a fixed lead) and the bounds of
// the derived lead.
func (l *loader) preplan(p *Preplan, b *orchestratorBlock) {
	l.duration(&p.Min, b.PreplanMin, "preplan_min")
	l.duration(&p.Max, b.PreplanMax, "preplan_max")
	if p.Min > p.Max {
		l.fail(l.attrRange("orchestrator", 0, "preplan_min"), "Invalid orchestrator.preplan_min",
			fmt.Sprintf("preplan_min (%s) is longer than preplan_max (%s).", p.Min, p.Max))
	}
	if b.Preplan == nil {
		return
	}
	switch v := *b.Preplan; v {
	case "auto":
	case "off":
		p.Off = true
	default:
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			l.fail(l.attrRange("orchestrator", 0, "preplan"), "Invalid orchestrator.preplan",
				fmt.Sprintf("%q is not \"auto\", \"off\" or a positive duration such as \"2m\" (how far ahead of each transition to plan it).", v))
			return
		}
		p.Fixed = d
	}
}

// checks reads checks_at (offsets from the on-sale, none after it) and
// checks_after_transition.
func (l *loader) checks(c *Checks, b *orchestratorBlock) {
	if b.ChecksAfter != nil {
		c.After = *b.ChecksAfter
	}
	if b.ChecksAt == nil {
		return
	}
	c.At = nil
	for i, v := range b.ChecksAt {
		d, err := timeline.ParseOffset(v)
		switch {
		case err != nil:
			l.fail(l.attrRange("orchestrator", 0, "checks_at"), "Invalid orchestrator.checks_at", fmt.Sprintf("checks_at[%d]: %s.", i, err))
			continue
		case d > 0:
			l.fail(l.attrRange("orchestrator", 0, "checks_at"), "Invalid orchestrator.checks_at",
				fmt.Sprintf("checks_at[%d] is %q, after the on-sale: readiness is checked before it, at offsets such as \"-24h\" or \"-15m\" (after the on-sale, checks_after_transition covers each phase).", i, v))
			continue
		case slices.Contains(c.At, d):
			l.fail(l.attrRange("orchestrator", 0, "checks_at"), "Invalid orchestrator.checks_at", fmt.Sprintf("checks_at[%d] %q is given twice.", i, v))
			continue
		}
		c.At = append(c.At, d)
	}
	slices.Sort(c.At)
}

// notify checks the alert destinations.
func (l *loader) notify(c *Config, blocks []notifyBlock) {
	for i, b := range blocks {
		at := l.blockRange("notify", i)
		if b.Kind != "webhook" {
			l.fail(at, "Unsupported notify", fmt.Sprintf(`notify %q is not supported: use notify "webhook" { url = "https://..." }.`, b.Kind))
			continue
		}
		n := notify.Destination{Kind: b.Kind, Events: b.Events}
		switch {
		case b.URL != nil && b.URLEnv != nil:
			l.fail(at, "Conflicting notify url", `notify "webhook" takes url or url_env, not both.`)
			continue
		case b.URL != nil:
			n.URL = *b.URL
		case b.URLEnv != nil:
			n.URL = os.Getenv(*b.URLEnv)
			if n.URL == "" {
				l.fail(l.attrRange("notify", i, "url_env"), "Empty notify url_env", fmt.Sprintf("the environment variable %s named by url_env is not set or empty.", *b.URLEnv))
				continue
			}
		default:
			l.fail(at, "Missing notify url", `notify "webhook" needs url = "https://..." or url_env = "VARIABLE" (keeps the secret out of the file).`)
			continue
		}
		if u, err := url.Parse(n.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			// The URL is a secret: name its field, never its value.
			l.fail(l.attrRange("notify", i, "url"), "Invalid notify url", "the webhook url must be an absolute http:// or https:// URL.")
			continue
		}
		if len(n.Events) == 0 {
			n.Events = notify.Events
		}
		for _, e := range n.Events {
			if !slices.Contains(notify.Events, e) {
				l.fail(l.attrRange("notify", i, "events"), "Invalid notify event", fmt.Sprintf("%q is not an event: use any of %s.", e, strings.Join(notify.Events, ", ")))
			}
		}
		c.Notify = append(c.Notify, n)
	}
}

func (l *loader) duration(dst *time.Duration, v *string, field string) {
	if v == nil {
		return
	}
	d, err := time.ParseDuration(*v)
	if err != nil || d <= 0 {
		l.fail(l.attrRange("orchestrator", 0, field), "Invalid orchestrator."+field, fmt.Sprintf("%q is not a positive duration such as \"30s\" or \"5m\".", *v))
		return
	}
	*dst = d
}

// blockRange is the range of the i-th block of type typ, counted in source
// order (the order gohcl decodes them in), for error messages.
func (l *loader) blockRange(typ string, i int) hcl.Range {
	if b := l.block(typ, i); b != nil {
		return b.DefRange()
	}
	return l.body.MissingItemRange()
}

// attrRange is the range of attribute name in that block, else the block's.
func (l *loader) attrRange(typ string, i int, name string) hcl.Range {
	b := l.block(typ, i)
	if b == nil {
		return l.body.MissingItemRange()
	}
	if a, ok := b.Body.Attributes[name]; ok {
		return a.SrcRange
	}
	return b.DefRange()
}

func (l *loader) block(typ string, i int) *hclsyntax.Block {
	body, ok := l.body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	for _, b := range body.Blocks {
		if b.Type != typ {
			continue
		}
		if i == 0 {
			return b
		}
		i--
	}
	return nil
}

// inSourceOrder sorts diagnostics by where they point, so that the same
// file always gives the same errors in the same order (HCL reports some in
// map order); those without a place come last.
func inSourceOrder(diags hcl.Diagnostics) hcl.Diagnostics {
	sort.SliceStable(diags, func(i, j int) bool {
		a, b := diags[i].Subject, diags[j].Subject
		switch {
		case a == nil || b == nil:
			return b == nil && a != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		default:
			return a.Start.Byte < b.Start.Byte
		}
	})
	return diags
}
