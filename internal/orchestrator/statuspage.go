package orchestrator

import (
	"context"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/render"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The status page's view model: what the orchestrator knows, shaped for
// internal/render. server.go serves it.

// statusPage gathers what the status page shows: each stack's profile over
// [now-span/12, now+span), its next transitions and its last runs.
func (o *Orchestrator) statusPage(ctx context.Context, now time.Time, span time.Duration, runs int) render.Page {
	from, until := now.Add(-span/12), now.Add(span)
	ready, _ := o.live.ready()
	p := render.Page{Now: now, From: from, Until: until, Holder: o.cfg.Holder, Store: o.cfg.Store.Kind, Ready: ready, Windows: statusWindows}
	for _, s := range o.cfg.Stacks {
		ls := o.live.get(s.Name)
		st := render.Stack{Name: s.Name, Discovered: ls.shows != nil, Error: ls.err, LeaseHeld: ls.leaseHeld}
		if ls.shows != nil {
			st = stackView(st, *ls.shows, now, from, until)
			st.ReadAt = ls.syncedAt
		}
		if rs, err := o.store.Runs(ctx, s.Name, max(runs, ledgerWindow)); err != nil {
			st.Error = joinErr(st.Error, "reading the ledger: "+err.Error())
		} else {
			for i := len(rs) - 1; i >= 0 && len(st.Runs) < runs; i-- {
				st.Runs = append(st.Runs, runView(rs[i]))
			}
			if ls.shows != nil {
				for _, w := range stackWarnings(s.Name, s.Dir, *ls.shows, rs, now) {
					st.Warnings = append(st.Warnings, w.inStack())
				}
			}
		}
		p.Stacks = append(p.Stacks, st)
	}
	return p
}

// StackChart is what a stack's shows say over [from, until), for a chart:
// its combined capacity profile, its capacity now and its transitions.
func StackChart(name string, shows showstate.State, now, from, until time.Time) render.Stack {
	return stackView(render.Stack{Name: name, Discovered: true}, shows, now, from, until)
}

// stackView fills in what a stack's shows say over [from, until).
func stackView(st render.Stack, shows showstate.State, now, from, until time.Time) render.Stack {
	st.Combine, st.Serial = shows.Fleet.Combine, shows.Serial
	if st.Combine == "" {
		st.Combine = timeline.CombineMax
	}
	profile, err := timeline.Profile(shows.Shows, from, until, shows.Fleet)
	if err != nil {
		st.Error = joinErr(st.Error, err.Error())
		return st
	}
	st.Profile = profile
	if r, err := timeline.Evaluate(shows.Shows, now, shows.Fleet); err == nil {
		st.Capacity = r.Capacity
	}
	for _, m := range marks(shows.Shows, from, until) {
		st.Marks = append(st.Marks, m)
		if m.At.After(now) && len(st.Next) < 8 {
			st.Next = append(st.Next, m)
		}
	}
	return st
}

func runView(r store.Run) render.Run {
	v := render.Run{Instant: r.Instant, Outcome: string(r.Outcome), Attempt: r.Attempt, Lag: r.Lag, Requested: r.Requested, PlanAge: r.PlanAge,
		Replanned: render.OneLine(r.Replanned), Changed: r.Changed, Error: render.OneLine(r.Error)}
	if !r.Finished.IsZero() {
		v.Duration = r.Finished.Sub(r.Started)
	}
	return v
}

func joinErr(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
