package policy

import (
	"encoding/json"

	tfjson "github.com/hashicorp/terraform-json"
)

// KnownAfterApply stands for a value a plan leaves unknown.
const KnownAfterApply = "(known after apply)"

// Change is one resource a plan would change, and the policy's verdict.
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

// Changes lists every managed resource plan changes, with the reason the
// policy refuses it, if it does: what a preview shows.
func (p Policy) Changes(plan *tfjson.Plan, schemas *tfjson.ProviderSchemas) []Change {
	_, refused := p.Check(plan, schemas)
	reasons := map[string]string{}
	for _, v := range refused {
		reasons[v.Address] = v.Reason
	}
	out := []Change{}
	for _, rc := range plan.ResourceChanges {
		if rc.Mode != tfjson.ManagedResourceMode || rc.Change == nil || rc.Change.Actions.NoOp() {
			continue
		}
		c := Change{Address: rc.Address, Refused: reasons[rc.Address]}
		for _, a := range rc.Change.Actions {
			c.Actions = append(c.Actions, string(a))
		}
		if rc.Change.Actions.Update() {
			c.Attributes = AttrChanges(rc.Change)
		}
		out = append(out, c)
	}
	return out
}

// Diff summarises a plan's in-place updates for the ledger, one line an
// attribute: "address.attribute: before -> after".
func Diff(plan *tfjson.Plan) []string {
	var out []string
	for _, rc := range plan.ResourceChanges {
		if rc.Mode != tfjson.ManagedResourceMode || rc.Change == nil || !rc.Change.Actions.Update() {
			continue
		}
		for _, a := range AttrChanges(rc.Change) {
			if a.After != KnownAfterApply {
				out = append(out, rc.Address+"."+a.Path+": "+a.Before+" -> "+a.After)
			}
		}
	}
	return out
}

// AttrChanges lists the top-level attributes an update changes, with their
// values as JSON; sensitive values are masked.
func AttrChanges(c *tfjson.Change) []AttrChange {
	var out []AttrChange
	seen := map[string]bool{}
	before, _ := c.Before.(map[string]any)
	after, _ := c.After.(map[string]any)
	unknown, _ := c.AfterUnknown.(map[string]any)
	for _, p := range ChangedPaths(c) {
		top, _, _ := splitSegment(segments(p)[0])
		if seen[top] {
			continue
		}
		seen[top] = true
		ac := AttrChange{Path: top, Before: shown(before[top], c.BeforeSensitive, top), After: shown(after[top], c.AfterSensitive, top)}
		if u, ok := unknown[top].(bool); ok && u {
			ac.After = KnownAfterApply
		}
		out = append(out, ac)
	}
	return out
}

// shown renders an attribute's value, or (sensitive) when the plan marks
// it, or any part of it, sensitive.
func shown(v any, sensitive any, attr string) string {
	if m, ok := sensitive.(map[string]any); ok && anyTrue(m[attr]) {
		return "(sensitive)"
	}
	if b, ok := sensitive.(bool); ok && b {
		return "(sensitive)"
	}
	return compactJSON(v)
}

// anyTrue reports whether a plan's sensitivity marks (true, or lists and
// objects of marks: a block's elements are [{}, {}] when nothing in them is
// sensitive) mark anything sensitive.
func anyTrue(marks any) bool {
	switch m := marks.(type) {
	case bool:
		return m
	case []any:
		for _, e := range m {
			if anyTrue(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range m {
			if anyTrue(e) {
				return true
			}
		}
	}
	return false
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "?"
	}
	return string(b)
}
