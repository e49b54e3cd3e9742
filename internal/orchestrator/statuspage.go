package orchestrator

import (
	"context"
	"maps"
	"strings"
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
				st.Readiness = readinessView(*ls.shows, rs, ls.readiness, now)
				for _, r := range CalendarRequests(s.Name, *ls.shows, now) {
					st.Requests = append(st.Requests, render.Request{Ticket: r.Ticket, Name: r.Name, State: r.State, Reason: render.OneLine(r.Reason), OnSale: r.OnSale, Requester: r.Requester})
				}
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

// readinessView is the latest readiness evaluation of each show still to
// come or live: from the ledger (every replica's), or this process's own
// when the ledger window no longer holds one.
func readinessView(shows showstate.State, runs []store.Run, own map[string]store.Run, now time.Time) []render.Readiness {
	latest := maps.Clone(own)
	if latest == nil {
		latest = map[string]store.Run{}
	}
	for _, r := range runs {
		if r.IsChecks() && r.Outcome != store.OutcomeRunning && r.Outcome != store.OutcomeAbandoned {
			keepLatest(latest, r)
		}
	}
	var out []render.Readiness
	for _, s := range shows.Shows {
		r, ok := latest[s.Name]
		if !ok || len(s.Steps) == 0 || !s.Steps[len(s.Steps)-1].At.After(now) {
			continue
		}
		v := render.Readiness{Show: s.Name, Checkpoint: r.Checkpoint, At: r.Started, Outcome: string(r.Outcome), Error: render.OneLine(r.Error)}
		for _, c := range r.Checks {
			v.Checks = append(v.Checks, render.Check{Address: c.Address, Status: c.Status, Message: render.OneLine(strings.Join(c.Messages, "; "))})
		}
		out = append(out, v)
	}
	return out
}

func runView(r store.Run) render.Run {
	v := render.Run{Instant: r.Instant, Outcome: string(r.Outcome), Checkpoint: r.Checkpoint, Attempt: r.Attempt, Lag: r.Lag, Requested: r.Requested, PlanAge: r.PlanAge,
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
