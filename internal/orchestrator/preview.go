package orchestrator

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/render"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
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

// Upcoming lists every approved show's transitions after now and up to
// until, across all stacks, in order of instant; states are DiscoverAll's.
func (o *Orchestrator) Upcoming(states []showstate.State, now, until time.Time) []Upcoming {
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

// marks lists every approved show's transitions in [from, until), in order.
func marks(shows []timeline.Schedule, from, until time.Time) []render.Mark {
	var out []render.Mark
	for _, s := range shows {
		if !s.Approved {
			continue
		}
		for _, step := range s.Steps {
			if !step.At.Before(from) && step.At.Before(until) {
				out = append(out, render.Mark{At: step.At, Show: s.Name, Phase: step.Phase, Capacity: step.Capacity})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// Preview is what a run at At would change in one stack.
type Preview struct {
	Stack   string          `json:"stack"`
	At      time.Time       `json:"at"`
	Changes []policy.Change `json:"changes"`
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

func (o *Orchestrator) previewStack(ctx context.Context, s config.Stack, at time.Time) (Preview, error) {
	p := Preview{Stack: s.Name, At: at, Changes: []policy.Change{}}
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
	if _, err := o.plan(ctx, s.Name, r, at, planFile, &store.Run{}); err != nil {
		return p, &StepError{Stack: s.Name, Step: "plan", Err: err}
	}
	plan, err := r.ShowPlan(ctx, planFile)
	if err != nil {
		return p, &StepError{Stack: s.Name, Step: "show", Err: err}
	}
	schemas, err := r.ProvidersSchema(ctx)
	if err != nil {
		return p, &StepError{Stack: s.Name, Step: "schema", Err: err}
	}
	p.Changes = o.cfg.Policy.Changes(plan, schemas)
	return p, nil
}
