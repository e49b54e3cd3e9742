package orchestrator

import (
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Defaults of the orchestrator block.
const (
	DefaultResyncInterval = 5 * time.Minute
	DefaultRetryBackoff   = 10 * time.Second
	DefaultRetryMax       = 5 * time.Minute
	DefaultParallelism    = 4
	DefaultLeaseTTL       = 2 * time.Minute
	DefaultShutdownGrace  = 15 * time.Minute
)

func (l *loader) orchestrator(c *Config, b *orchestratorBlock) {
	host, _ := os.Hostname()
	c.Holder = fmt.Sprintf("%s-%d", host, os.Getpid())
	c.ResyncInterval, c.RetryBackoff, c.RetryMax = DefaultResyncInterval, DefaultRetryBackoff, DefaultRetryMax
	c.Parallelism, c.LeaseTTL, c.ShutdownGrace = DefaultParallelism, DefaultLeaseTTL, DefaultShutdownGrace
	if b == nil {
		return
	}
	l.duration(&c.ResyncInterval, b.ResyncInterval, "resync_interval")
	l.duration(&c.RetryBackoff, b.RetryBackoff, "retry_backoff")
	l.duration(&c.RetryMax, b.RetryMax, "retry_max")
	l.duration(&c.LeaseTTL, b.LeaseTTL, "lease_ttl")
	l.duration(&c.ShutdownGrace, b.ShutdownGrace, "shutdown_grace")
	if b.Parallelism != nil {
		c.Parallelism = *b.Parallelism
		if c.Parallelism < 1 {
			l.fail(l.attrRange("orchestrator", "", "parallelism"), "Invalid orchestrator.parallelism", fmt.Sprintf("parallelism is %d: it must be 1 or more (stacks run at once).", c.Parallelism))
		}
	}
	if b.Holder != nil {
		c.Holder = *b.Holder
	}
}

func (l *loader) duration(dst *time.Duration, v *string, field string) {
	if v == nil {
		return
	}
	d, err := time.ParseDuration(*v)
	if err != nil || d <= 0 {
		l.fail(l.attrRange("orchestrator", "", field), "Invalid orchestrator."+field, fmt.Sprintf("%q is not a positive duration such as \"30s\" or \"5m\".", *v))
		return
	}
	*dst = d
}

// blockRange finds the first block of type typ (with first label label,
// when label is not empty) in the file, for error messages.
func (l *loader) blockRange(typ, label string) hcl.Range {
	if b := l.block(typ, label); b != nil {
		return b.DefRange()
	}
	return l.body.MissingItemRange()
}

// attrRange finds attribute name in that block, else the block itself.
func (l *loader) attrRange(typ, label, name string) hcl.Range {
	b := l.block(typ, label)
	if b == nil {
		return l.body.MissingItemRange()
	}
	if a, ok := b.Body.Attributes[name]; ok {
		return a.SrcRange
	}
	return b.DefRange()
}

func (l *loader) block(typ, label string) *hclsyntax.Block {
	body, ok := l.body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	for _, b := range body.Blocks {
		if b.Type == typ && (label == "" || (len(b.Labels) > 0 && b.Labels[0] == label)) {
			return b
		}
	}
	return nil
}
