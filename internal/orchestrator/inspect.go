package orchestrator

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Upcoming is one show's transition in one stack.
type Upcoming struct {
	Stack    string            `json:"stack"`
	At       time.Time         `json:"at"`
	Show     string            `json:"show"`
	Phase    string            `json:"phase"`
	Capacity timeline.Capacity `json:"capacity"`
}

// Schedule lists every show's transitions after now and up to until, across
// all stacks, in order of instant.
func (o *Orchestrator) Schedule(ctx context.Context, now, until time.Time) ([]Upcoming, error) {
	states, err := o.DiscoverAll(ctx)
	if err != nil {
		return nil, err
	}
	return o.upcoming(states, now, until), nil
}

func (o *Orchestrator) upcoming(states []ShowState, now, until time.Time) []Upcoming {
	var out []Upcoming
	for i, s := range o.cfg.Stacks {
		for _, m := range marks(states[i].Shows, now, until.Add(time.Nanosecond)) {
			if m.At.After(now) {
				out = append(out, Upcoming{Stack: s.Name, At: m.At, Show: m.Show, Phase: m.Phase, Capacity: m.Capacity})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// DiscoverAll reads every stack's shows, in the configuration's order,
// reporting progress when a progress function is set.
func (o *Orchestrator) DiscoverAll(ctx context.Context) ([]ShowState, error) {
	out := make([]ShowState, len(o.cfg.Stacks))
	for i, s := range o.cfg.Stacks {
		o.progress("discovering stacks", i, len(o.cfg.Stacks))
		st, err := o.Discover(ctx, s)
		if err != nil {
			o.progress("", 0, 0)
			return nil, err
		}
		out[i] = st
	}
	o.progress("discovering stacks", len(o.cfg.Stacks), len(o.cfg.Stacks))
	return out, nil
}

// Change is one resource a preview's plan would change.
type Change struct {
	Address    string       `json:"address"`
	Actions    []string     `json:"actions"`
	Attributes []AttrChange `json:"attributes,omitempty"`
	Refused    string       `json:"refused,omitempty"`
}

// AttrChange is an attribute's value before and after, as JSON.
type AttrChange struct {
	Path   string `json:"path"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Preview is what a run at At would change in one stack.
type Preview struct {
	Stack   string    `json:"stack"`
	At      time.Time `json:"at"`
	Changes []Change  `json:"changes"`
}

// Preview plans every stack (or just the one named) for instant at, applies
// nothing and records nothing, and says what would change and what the
// policy would refuse.
func (o *Orchestrator) Preview(ctx context.Context, at time.Time, stack string) ([]Preview, error) {
	var out []Preview
	defer o.progress("", 0, 0)
	for i, s := range o.cfg.Stacks {
		if stack != "" && s.Name != stack {
			continue
		}
		o.progress("planning stacks", i, len(o.cfg.Stacks))
		p, err := o.previewStack(ctx, s, at)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (o *Orchestrator) previewStack(ctx context.Context, s StackConfig, at time.Time) (Preview, error) {
	p := Preview{Stack: s.Name, At: at, Changes: []Change{}}
	r, err := o.runnerFor(ctx, s)
	if err != nil {
		return p, err
	}
	dir, err := os.MkdirTemp("", "hotshow-preview-")
	if err != nil {
		return p, err
	}
	defer func() { _ = os.RemoveAll(dir) }()
	planFile := filepath.Join(dir, "tfplan")
	if _, err := r.Plan(ctx, at, planFile); err != nil {
		return p, &RunError{Stack: s.Name, Step: "plan", Err: err}
	}
	plan, err := r.ShowPlan(ctx, planFile)
	if err != nil {
		return p, &RunError{Stack: s.Name, Step: "show", Err: err}
	}
	_, refused := o.cfg.Policy.Check(plan)
	reasons := map[string]string{}
	for _, v := range refused {
		reasons[v.Address] = v.Reason
	}
	for _, rc := range plan.ResourceChanges {
		if rc.Mode != tfjson.ManagedResourceMode || rc.Change == nil || rc.Change.Actions.NoOp() {
			continue
		}
		c := Change{Address: rc.Address, Refused: reasons[rc.Address]}
		for _, a := range rc.Change.Actions {
			c.Actions = append(c.Actions, string(a))
		}
		if rc.Change.Actions.Update() {
			c.Attributes = attrChanges(rc.Change)
		}
		p.Changes = append(p.Changes, c)
	}
	return p, nil
}

// attrChanges lists the top-level attributes an update changes, with their
// values as JSON; sensitive values are masked.
func attrChanges(c *tfjson.Change) []AttrChange {
	var out []AttrChange
	seen := map[string]bool{}
	before, _ := c.Before.(map[string]any)
	after, _ := c.After.(map[string]any)
	unknown, _ := c.AfterUnknown.(map[string]any)
	for _, p := range changedPaths(c) {
		top, _, _ := strings.Cut(p, ".")
		if seen[top] {
			continue
		}
		seen[top] = true
		ac := AttrChange{Path: top, Before: shown(before[top], c.BeforeSensitive, top), After: shown(after[top], c.AfterSensitive, top)}
		if u, ok := unknown[top].(bool); ok && u {
			ac.After = "(known after apply)"
		}
		out = append(out, ac)
	}
	return out
}

// planDiff summarises a plan's in-place updates, one line an attribute.
func planDiff(plan *tfjson.Plan) []string {
	var out []string
	for _, rc := range plan.ResourceChanges {
		if rc.Mode != tfjson.ManagedResourceMode || rc.Change == nil || !rc.Change.Actions.Update() {
			continue
		}
		for _, a := range attrChanges(rc.Change) {
			if a.After != "(known after apply)" {
				out = append(out, rc.Address+"."+a.Path+": "+a.Before+" -> "+a.After)
			}
		}
	}
	return out
}

// shown renders an attribute's value, or (sensitive) when the plan marks
// it, or any part of it, sensitive.
func shown(v any, sensitive any, attr string) string {
	if m, ok := sensitive.(map[string]any); ok {
		if s, ok := m[attr]; ok && s != false {
			return "(sensitive)"
		}
	}
	if b, ok := sensitive.(bool); ok && b {
		return "(sensitive)"
	}
	return compactJSON(v)
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}
