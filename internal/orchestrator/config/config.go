// Package config reads the orchestrator's HCL file into a checked Config.
// Every error names the file, line and column of the block or attribute at
// fault (the n-th block of its type, not the first), and errors come in
// source order. It imports the policy's and notify's types, nothing of the
// core.
package config

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	goversion "github.com/hashicorp/go-version"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
)

// Config is a loaded, checked orchestrator configuration. Paths in it are
// absolute.
type Config struct {
	Path           string
	Binary         string // terraform, tofu, or a path
	Version        goversion.Constraints
	Store          Store
	Policy         policy.Policy
	ResyncInterval time.Duration
	RetryBackoff   time.Duration // first retry delay; doubles up to RetryMax
	RetryMax       time.Duration
	Parallelism    int
	LeaseTTL       time.Duration
	ShutdownGrace  time.Duration // how long an in-flight apply may run on after SIGTERM
	LockTimeout    time.Duration // how long a run waits for a state lock held by someone else
	WatchInterval  time.Duration // how often a local backend's state file is checked for changes
	Preplan        Preplan       // how far ahead of each transition the daemon plans it
	Checks         Checks        // when a stack's readiness checks (Terraform check blocks) are evaluated
	Calendar       *Calendar     // where show requests are kept; nil: none
	Intake         *Intake       // the endpoint Jira posts requests to; nil: off
	SyncToken      string        // the token POST /sync/{stack} needs (from sync_token_env); a secret, never logged
	Holder         string        // this replica's name in leases and the ledger
	Listen         string        // address of the read-only status server; empty: none
	Notify         []notify.Destination
	Stacks         []Stack
}

// Store says where the ledger and leases live.
type Store struct {
	Kind   string // "file" or "dynamodb"
	Path   string // file
	Dynamo DynamoDB
}

// DynamoDB locates the table of a "dynamodb" store.
type DynamoDB struct {
	Table    string
	Region   string
	Endpoint string // optional: a local server or a VPC endpoint
	Profile  string // optional: a shared-config profile
}

// Checks says when the daemon evaluates the readiness checks (Terraform
// check blocks) of a stack that has any: at offsets before each approved
// show's on-sale, and right after each transition it applied. An
// evaluation is a refresh-only plan, never applied.
type Checks struct {
	At    []time.Duration // offsets from the on-sale, each ≤ 0, earliest first
	After bool            // after each applied transition
}

// Preplan says how far ahead of a transition's instant the daemon plans it
// (HOTSHOW_AS_OF = the instant), checks the policy, and keeps the saved plan
// and the stack's lease, so that at the instant only the apply is left.
type Preplan struct {
	Off   bool          // plan at the instant, as tick does
	Fixed time.Duration // a fixed lead; zero: derived from the stack's plan times
	Min   time.Duration // bounds of the derived lead
	Max   time.Duration
}

// Lead is how far ahead of its transition a stack whose slowest recent plan
// took slowest is planned: the fixed lead when set, else PreplanFactor times
// slowest, within [Min, Max]. Zero when pre-planning is off.
func (p Preplan) Lead(slowest time.Duration) time.Duration {
	switch {
	case p.Off:
		return 0
	case p.Fixed > 0:
		return p.Fixed
	}
	return min(max(PreplanFactor*slowest, p.Min), p.Max)
}

// Stack is one Terraform working directory the orchestrator applies.
type Stack struct {
	Name      string
	Dir       string
	Workspace string
	VarFiles  []string
	Vars      map[string]string
	Env       map[string]string
}

// fileConfig mirrors the HCL file.
type fileConfig struct {
	Terraform    *terraformBlock    `hcl:"terraform,block"`
	Store        *storeBlock        `hcl:"store,block"`
	Policy       *policyBlock       `hcl:"policy,block"`
	Orchestrator *orchestratorBlock `hcl:"orchestrator,block"`
	Notify       []notifyBlock      `hcl:"notify,block"`
	Calendar     *calendarBlock     `hcl:"calendar,block"`
	Intake       *intakeBlock       `hcl:"intake,block"`
	Stacks       []stackBlock       `hcl:"stack,block"`
}

type notifyBlock struct {
	Kind   string   `hcl:"kind,label"`
	URL    *string  `hcl:"url,optional"`
	URLEnv *string  `hcl:"url_env,optional"`
	Events []string `hcl:"events,optional"`
}

type terraformBlock struct {
	Binary  *string `hcl:"binary,optional"`
	Version *string `hcl:"version,optional"`
}

type storeBlock struct {
	Kind     string  `hcl:"kind,label"`
	Path     *string `hcl:"path,optional"`
	Table    *string `hcl:"table,optional"`
	Region   *string `hcl:"region,optional"`
	Endpoint *string `hcl:"endpoint,optional"`
	Profile  *string `hcl:"profile,optional"`
}

type policyBlock struct {
	Mode        *string      `hcl:"mode,optional"`
	OnRefusal   *string      `hcl:"on_refusal,optional"`
	ShowChanges *string      `hcl:"show_changes,optional"`
	Allow       []allowBlock `hcl:"allow,block"`
}

type allowBlock struct {
	ResourceType string   `hcl:"resource_type"`
	Attributes   []string `hcl:"attributes"`
}

type orchestratorBlock struct {
	ResyncInterval *string  `hcl:"resync_interval,optional"`
	RetryBackoff   *string  `hcl:"retry_backoff,optional"`
	RetryMax       *string  `hcl:"retry_max,optional"`
	Parallelism    *int     `hcl:"parallelism,optional"`
	LeaseTTL       *string  `hcl:"lease_ttl,optional"`
	ShutdownGrace  *string  `hcl:"shutdown_grace,optional"`
	LockTimeout    *string  `hcl:"lock_timeout,optional"`
	WatchInterval  *string  `hcl:"watch_interval,optional"`
	Preplan        *string  `hcl:"preplan,optional"`
	PreplanMin     *string  `hcl:"preplan_min,optional"`
	PreplanMax     *string  `hcl:"preplan_max,optional"`
	ChecksAt       []string `hcl:"checks_at,optional"`
	ChecksAfter    *bool    `hcl:"checks_after_transition,optional"`
	SyncTokenEnv   *string  `hcl:"sync_token_env,optional"`
	Holder         *string  `hcl:"holder,optional"`
	Listen         *string  `hcl:"listen,optional"`
}

type stackBlock struct {
	Name      string            `hcl:"name,label"`
	Dir       string            `hcl:"dir"`
	Workspace *string           `hcl:"workspace,optional"`
	VarFiles  []string          `hcl:"var_files,optional"`
	Vars      map[string]string `hcl:"vars,optional"`
	Env       map[string]string `hcl:"env,optional"`
}

// Load reads and checks the configuration file at path. Its errors
// name the file, line and field.
func Load(path string) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	src, err := os.ReadFile(abs)
	if err != nil {
		return nil, fmt.Errorf("reading the configuration: %w", err)
	}
	return Parse(src, abs)
}

// Parse parses and checks configuration source as if read from the
// file at path (absolute); relative paths in it are relative to path's
// directory, and stack directories must exist.
func Parse(src []byte, path string) (*Config, error) {
	abs := path
	file, diags := hclparse.NewParser().ParseHCL(src, abs)
	if diags.HasErrors() {
		return nil, diags
	}
	var fc fileConfig
	if diags := gohcl.DecodeBody(file.Body, nil, &fc); diags.HasErrors() {
		return nil, inSourceOrder(diags)
	}
	c := &Config{Path: abs}
	l := loader{body: file.Body, dir: filepath.Dir(abs)}
	l.terraform(c, fc.Terraform)
	l.store(c, fc.Store)
	l.policy(c, fc.Policy)
	l.orchestrator(c, fc.Orchestrator)
	l.notify(c, fc.Notify)
	l.calendar(c, fc.Calendar)
	l.intake(c, fc.Intake)
	l.stacks(c, fc.Stacks)
	l.calendarStack(c)
	if l.diags.HasErrors() {
		return nil, inSourceOrder(l.diags)
	}
	return c, nil
}

// loader turns the decoded file into a Config, collecting every error with
// the source range of the field at fault.
type loader struct {
	body  hcl.Body
	dir   string
	diags hcl.Diagnostics
}

func (l *loader) fail(at hcl.Range, summary, detail string) {
	l.diags = append(l.diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail, Subject: at.Ptr()})
}

func (l *loader) terraform(c *Config, b *terraformBlock) {
	c.Binary = "terraform"
	if b != nil && b.Binary != nil {
		c.Binary = *b.Binary
	}
	if c.Binary == "" {
		l.fail(l.attrRange("terraform", 0, "binary"), "Invalid terraform.binary", `binary must name "terraform", "tofu" or a path to one of them.`)
	}
	c.Version, _ = goversion.NewConstraint(">= 1.5.0")
	if b != nil && b.Version != nil {
		v, err := goversion.NewConstraint(*b.Version)
		if err != nil {
			l.fail(l.attrRange("terraform", 0, "version"), "Invalid terraform.version", fmt.Sprintf("%q is not a version constraint such as \">= 1.5.0\": %s.", *b.Version, err))
		}
		c.Version = v
	}
}

func (l *loader) store(c *Config, b *storeBlock) {
	c.Store = Store{Kind: "file", Path: filepath.Join(l.dir, ".hotshow", "orchestrator.db")}
	if b == nil {
		return
	}
	switch b.Kind {
	case "file":
		if b.Path != nil {
			c.Store.Path = l.abs(*b.Path)
		}
		l.unexpectedIn("store", b.Kind, []named{{"table", b.Table}, {"region", b.Region}, {"endpoint", b.Endpoint}, {"profile", b.Profile}})
	case "dynamodb":
		c.Store = Store{Kind: "dynamodb", Dynamo: DynamoDB{Table: deref(b.Table), Region: deref(b.Region), Endpoint: deref(b.Endpoint), Profile: deref(b.Profile)}}
		l.unexpectedIn("store", b.Kind, []named{{"path", b.Path}})
		for _, a := range []named{{"table", b.Table}, {"region", b.Region}} {
			if name := a.name; deref(a.value) == "" {
				l.fail(l.blockRange("store", 0), "Missing store."+name, fmt.Sprintf(`store "dynamodb" needs %s, such as store "dynamodb" { table = "hotshow", region = "ap-southeast-2" }.`, name))
			}
		}
	default:
		l.fail(l.blockRange("store", 0), "Unsupported store", fmt.Sprintf(`store %q is not supported: use store "file" { path = ".hotshow/orchestrator.db" } or store "dynamodb" { table = "hotshow", region = "ap-southeast-2" }.`, b.Kind))
	}
}

// named is an optional attribute and its name, in a list that keeps the
// order errors are reported in.
type named struct {
	name  string
	value *string
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (l *loader) policy(c *Config, b *policyBlock) {
	c.Policy = policy.Policy{Mode: policy.CapacityOnly}
	if b == nil {
		return
	}
	if b.Mode != nil {
		c.Policy.Mode = policy.Mode(*b.Mode)
	}
	switch c.Policy.Mode {
	case policy.CapacityOnly, policy.NoDestroy, policy.Any:
	default:
		l.fail(l.attrRange("policy", 0, "mode"), "Invalid policy.mode",
			fmt.Sprintf("%q is not a policy mode: use %q, %q or %q.", c.Policy.Mode, policy.CapacityOnly, policy.NoDestroy, policy.Any))
	}
	if b.OnRefusal != nil {
		c.Policy.OnRefusal = policy.OnRefusal(*b.OnRefusal)
		if c.Policy.OnRefusal != policy.RefusePlan && c.Policy.OnRefusal != policy.ApplyAllowed {
			l.fail(l.attrRange("policy", 0, "on_refusal"), "Invalid policy.on_refusal",
				fmt.Sprintf("%q is not a choice: use %q (apply nothing of a plan the policy refuses in part; the default) or %q (apply the resources it allows).",
					*b.OnRefusal, policy.RefusePlan, policy.ApplyAllowed))
		}
	}
	if b.ShowChanges != nil {
		c.Policy.ShowChanges = policy.ShowChanges(*b.ShowChanges)
		if c.Policy.ShowChanges != policy.ShowChangesRefuse && c.Policy.ShowChanges != policy.ShowChangesCalendar {
			l.fail(l.attrRange("policy", 0, "show_changes"), "Invalid policy.show_changes",
				fmt.Sprintf("%q is not a choice: use %q (no run creates, changes or destroys a hotshow_show; the default) or %q (a run the calendar asked for may).",
					*b.ShowChanges, policy.ShowChangesRefuse, policy.ShowChangesCalendar))
		}
	}
	for i, a := range b.Allow {
		for _, pattern := range a.Attributes {
			if err := policy.ValidPattern(pattern); err != nil {
				l.fail(l.allowRange(i), "Invalid policy allow attribute", fmt.Sprintf("allow %q: %s.", a.ResourceType, err))
			}
		}
		c.Policy.Allow = append(c.Policy.Allow, policy.AllowRule(a))
	}
}

// allowRange is the range of the attributes of the policy block's i-th
// allow block.
func (l *loader) allowRange(i int) hcl.Range {
	p := l.block("policy", 0)
	if p == nil {
		return l.body.MissingItemRange()
	}
	for _, b := range p.Body.Blocks {
		if b.Type != "allow" {
			continue
		}
		if i > 0 {
			i--
			continue
		}
		if a, ok := b.Body.Attributes["attributes"]; ok {
			return a.SrcRange
		}
		return b.DefRange()
	}
	return p.DefRange()
}

func (l *loader) stacks(c *Config, blocks []stackBlock) {
	if len(blocks) == 0 {
		l.fail(hcl.Range{Filename: c.Path}, "No stacks", `The configuration must declare at least one stack "name" { dir = "..." } block.`)
	}
	seen := map[string]bool{}
	for i, b := range blocks {
		if seen[b.Name] {
			l.fail(l.blockRange("stack", i), "Duplicate stack", fmt.Sprintf("A stack named %q is already declared: stack names must be unique.", b.Name))
		}
		seen[b.Name] = true
		s := Stack{Name: b.Name, Dir: l.abs(b.Dir), Workspace: "default", Vars: b.Vars, Env: b.Env}
		if b.Workspace != nil {
			s.Workspace = *b.Workspace
		}
		if fi, err := os.Stat(s.Dir); err != nil || !fi.IsDir() {
			l.fail(l.attrRange("stack", i, "dir"), "Invalid stack dir", fmt.Sprintf("stack %q: dir %q is not a directory.", b.Name, b.Dir))
		}
		for _, f := range b.VarFiles {
			s.VarFiles = append(s.VarFiles, filepath.Join(s.Dir, f))
		}
		c.Stacks = append(c.Stacks, s)
	}
}

func (l *loader) abs(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(l.dir, p)
}
