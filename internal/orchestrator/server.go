package orchestrator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hotshow/terraform-provider-hotshow/internal/render"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// StatusWindows are the windows the status page offers; the first is the
// default.
var StatusWindows = []string{"24h", "168h"}

// Handler serves the read-only status endpoints: / (the status page),
// /metrics (Prometheus), /healthz (the process answers) and /readyz (every
// stack discovered and the store answering).
func (o *Orchestrator) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", o.servePage)
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.metrics.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", o.serveReady)
	return securityHeaders(mux)
}

// Serve listens on addr and serves Handler until ctx ends. It returns once
// listening, with the address bound (addr may name port 0), and the channel
// that reports the server's end.
func (o *Orchestrator) Serve(ctx context.Context, addr string) (net.Addr, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("status server: %w", err)
	}
	srv := &http.Server{Handler: o.Handler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	done := make(chan error, 1)
	go func() {
		err := srv.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		done <- err
	}()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	return ln.Addr(), done, nil
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:")
		w.Header().Set("Referrer-Policy", "no-referrer")
		h.ServeHTTP(w, r)
	})
}

func (o *Orchestrator) serveReady(w http.ResponseWriter, r *http.Request) {
	if ok, missing := o.live.ready(); !ok {
		sort.Strings(missing)
		http.Error(w, fmt.Sprintf("not ready: stacks not yet discovered: %v", missing), http.StatusServiceUnavailable)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if _, err := o.store.Runs(ctx, o.cfg.Stacks[0].Name, 1); err != nil {
		http.Error(w, "not ready: the store does not answer: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	_, _ = fmt.Fprintln(w, "ready")
}

func (o *Orchestrator) servePage(w http.ResponseWriter, r *http.Request) {
	window := r.URL.Query().Get("window")
	if window == "" {
		window = StatusWindows[0]
	}
	span, err := time.ParseDuration(window)
	if err != nil || span < time.Hour || span > 31*24*time.Hour {
		http.Error(w, fmt.Sprintf("window %q: use a duration from 1h to 744h, such as 24h or 168h", window), http.StatusBadRequest)
		return
	}
	zone := time.UTC
	if tz := r.URL.Query().Get("tz"); tz != "" {
		if zone, err = timeline.LoadZone(tz); err != nil {
			http.Error(w, "tz: "+err.Error(), http.StatusBadRequest)
			return
		}
	}
	page := o.StatusPage(r.Context(), o.clock.Now(), span, 10)
	page.Window, page.Zone, page.Refresh = window, zone, 30
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := render.WritePage(w, page); err != nil {
		o.log.Error(err, "rendering the status page")
	}
}

// StatusPage gathers what the status page shows: each stack's profile over
// [now-span/12, now+span), its next transitions and its last runs.
func (o *Orchestrator) StatusPage(ctx context.Context, now time.Time, span time.Duration, runs int) render.Page {
	from, until := now.Add(-span/12), now.Add(span)
	ready, _ := o.live.ready()
	p := render.Page{Now: now, From: from, Until: until, Holder: o.cfg.Holder, Store: o.cfg.Store.Kind, Ready: ready, Windows: StatusWindows}
	for _, s := range o.cfg.Stacks {
		ls := o.live.get(s.Name)
		st := render.Stack{Name: s.Name, Discovered: ls.shows != nil, Error: ls.err, LeaseHeld: ls.leaseHeld}
		if ls.shows != nil {
			st = stackView(st, *ls.shows, now, from, until)
		}
		if rs, err := o.store.Runs(ctx, s.Name, runs); err != nil {
			st.Error = joinErr(st.Error, "reading the ledger: "+err.Error())
		} else {
			for i := len(rs) - 1; i >= 0; i-- {
				st.Runs = append(st.Runs, runView(rs[i]))
			}
		}
		p.Stacks = append(p.Stacks, st)
	}
	return p
}

// stackView fills in what a stack's shows say over [from, until).
func stackView(st render.Stack, shows ShowState, now, from, until time.Time) render.Stack {
	st.Combine = shows.Fleet.Combine
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

func runView(r Run) render.Run {
	v := render.Run{Instant: r.Instant, Outcome: string(r.Outcome), Attempt: r.Attempt, Lag: r.Lag, Changed: r.Changed, Error: oneLine(r.Error)}
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
