package orchestrator

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hotshow/terraform-provider-hotshow/internal/render"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// statusWindows are the windows the status page offers; the first is the
// default.
var statusWindows = []string{"24h", "168h"}

// handler serves the status endpoints: / (the status page), /metrics
// (Prometheus), /healthz (the process answers), /readyz (every stack
// discovered and the store answering), and POST /sync/{stack}, which asks
// the daemon to read a stack's shows again now and changes nothing else.
func (o *Orchestrator) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", o.servePage)
	mux.Handle("GET /metrics", promhttp.HandlerFor(o.metrics.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /readyz", o.serveReady)
	mux.HandleFunc("POST /sync/{stack}", o.serveSync)
	return securityHeaders(mux)
}

// Serve listens on addr and serves the status endpoints until ctx ends. It
// returns once listening, with the address bound (addr may name port 0),
// and the channel that reports the server's end.
func (o *Orchestrator) Serve(ctx context.Context, addr string) (net.Addr, <-chan error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, nil, fmt.Errorf("status server: %w", err)
	}
	srv := &http.Server{Handler: o.handler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	return ln.Addr(), serveUntil(ctx, srv, ln), nil
}

// serveUntil serves srv on ln until ctx ends, then shuts it down (at most
// 5 s for requests in progress); the channel reports the server's end.
func serveUntil(ctx context.Context, srv *http.Server, ln net.Listener) <-chan error {
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
	return done
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
		window = statusWindows[0]
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
	page := o.statusPage(r.Context(), o.clock.Now(), span, 10)
	page.Window, page.Zone, page.Refresh = window, zone, 30
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := render.WritePage(w, page); err != nil {
		o.log.Error(err, "rendering the status page")
	}
}

// serveSync takes CI's word that a stack's state changed. It needs the
// configured token when there is one, and one is required when the server
// listens beyond loopback.
func (o *Orchestrator) serveSync(w http.ResponseWriter, r *http.Request) {
	if msg, ok := o.syncAllowed(r); !ok {
		http.Error(w, msg, http.StatusForbidden)
		return
	}
	stack := r.PathValue("stack")
	if !o.RequestSync(stack) {
		http.Error(w, fmt.Sprintf("no stack named %q is configured", stack), http.StatusNotFound)
		return
	}
	o.log.Info("sync requested", "stack", stack, "from", r.RemoteAddr)
	w.WriteHeader(http.StatusAccepted)
	_, _ = fmt.Fprintf(w, "stack %s: its shows will be read again now\n", stack)
}

func (o *Orchestrator) syncAllowed(r *http.Request) (string, bool) {
	if o.cfg.SyncToken != "" {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		if subtle.ConstantTimeCompare([]byte(got), []byte(o.cfg.SyncToken)) != 1 {
			return "sync: missing or wrong token (Authorization: Bearer ...)", false
		}
		return "", true
	}
	if addr, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok && addr.IP.IsLoopback() {
		return "", true
	}
	return "sync needs a token when the status server listens beyond loopback: set orchestrator { sync_token_env = \"VARIABLE\" }", false
}
