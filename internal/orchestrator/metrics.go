package orchestrator

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// metrics are the orchestrator's Prometheus series, in a registry of its
// own (never the global one), served on /metrics.
type metrics struct {
	reg           *prometheus.Registry
	lag           *prometheus.HistogramVec
	requested     *prometheus.HistogramVec
	planAge       *prometheus.HistogramVec
	duration      *prometheus.HistogramVec
	runs          *prometheus.CounterVec
	notifications *prometheus.CounterVec
	evaluations   *prometheus.CounterVec
}

func newMetrics(o *Orchestrator) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.lag = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "hotshow_transition_lag_seconds",
		Help:    "Time from a transition's instant to the start of its run.",
		Buckets: []float64{0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300},
	}, []string{"stack"})
	m.requested = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "hotshow_capacity_requested_seconds",
		Help:    "Time from a transition's instant to the end of the apply that asked the cloud for its capacity.",
		Buckets: []float64{0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900},
	}, []string{"stack"})
	m.planAge = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "hotshow_plan_age_seconds",
		Help:    "Age of the applied plan when its apply began: how far ahead of the instant it was made.",
		Buckets: []float64{0.1, 1, 5, 15, 30, 60, 120, 300, 600, 1800},
	}, []string{"stack"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "hotshow_run_duration_seconds",
		Help:    "Time from a run's start to its end (plan, policy and apply), by outcome.",
		Buckets: []float64{0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800},
	}, []string{"stack", "outcome"})
	m.runs = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "hotshow_runs_total",
		Help: "Runs recorded in the ledger by this process, by outcome.",
	}, []string{"stack", "outcome"})
	m.notifications = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "hotshow_notifications_total",
		Help: "Alerts by result: delivered, failed (after every retry) or dropped (queue full).",
	}, []string{"result"})
	m.evaluations = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "hotshow_readiness_evaluations_total",
		Help: "Readiness evaluations (the stack's check blocks, by a refresh-only plan) made by this process, by outcome: ready, not-ready or failed.",
	}, []string{"stack", "outcome"})
	// Every configured stack's series exist from the start, before its
	// first run, so that a dashboard or an alert rule sees a zero rather
	// than nothing.
	for _, s := range o.cfg.Stacks {
		m.lag.WithLabelValues(s.Name)
		m.requested.WithLabelValues(s.Name)
		m.planAge.WithLabelValues(s.Name)
		for _, outcome := range []store.Outcome{store.OutcomeReady, store.OutcomeNotReady, store.OutcomeFailed} {
			m.evaluations.WithLabelValues(s.Name, string(outcome))
		}
	}
	m.reg.MustRegister(m.lag, m.requested, m.planAge, m.duration, m.runs, m.notifications, m.evaluations, stateCollector{o},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe counts a finished run that was recorded.
func (m *metrics) observe(r Result) {
	if r.Run.ID == "" {
		return
	}
	if !r.Run.Started.Before(r.Instant) && r.Run.Kind == "" { // a transition's, not a plan refused ahead of its instant
		m.lag.WithLabelValues(r.Stack).Observe(r.Run.Lag.Seconds())
	}
	if r.Run.Requested > 0 {
		m.requested.WithLabelValues(r.Stack).Observe(r.Run.Requested.Seconds())
		m.planAge.WithLabelValues(r.Stack).Observe(r.Run.PlanAge.Seconds())
	}
	m.duration.WithLabelValues(r.Stack, string(r.Run.Outcome)).Observe(r.Run.Finished.Sub(r.Run.Started).Seconds())
	m.runs.WithLabelValues(r.Stack, string(r.Run.Outcome)).Inc()
}

// checksEvaluated counts a readiness evaluation.
func (m *metrics) checksEvaluated(r store.Run) {
	m.evaluations.WithLabelValues(r.Stack, string(r.Outcome)).Inc()
}

var (
	descShowReady = prometheus.NewDesc("hotshow_show_ready", "1 when the latest readiness evaluation for the show passed every check of its stack; 0 when a check failed, was unknown or the evaluation failed. Shows not yet evaluated have no series.", []string{"stack", "show"}, nil)
	descCheck     = prometheus.NewDesc("hotshow_check_passing", "1 when the check block passed in the stack's latest readiness evaluation, else 0.", []string{"stack", "check"}, nil)
	descNext      = prometheus.NewDesc("hotshow_next_transition_timestamp_seconds", "Unix time of the stack's next transition.", []string{"stack"}, nil)
	descCapacity  = prometheus.NewDesc("hotshow_scheduled_capacity", "The capacity the stack's shows call for now, by dimension.", []string{"stack", "dimension"}, nil)
	descLease     = prometheus.NewDesc("hotshow_lease_held", "1 while this process holds the stack's lease (a run is in progress).", []string{"stack"}, nil)
	descSynced    = prometheus.NewDesc("hotshow_discovery_timestamp_seconds", "Unix time of the stack's last successful discovery.", []string{"stack"}, nil)
	descUp        = prometheus.NewDesc("hotshow_discovery_ok", "1 when the stack's last discovery succeeded.", []string{"stack"}, nil)
)

// stateCollector reads the schedule-derived gauges at scrape time, so they
// are right at the instant of the scrape rather than of the last run.
type stateCollector struct{ o *Orchestrator }

func (c stateCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descNext, descCapacity, descLease, descSynced, descUp, descShowReady, descCheck} {
		ch <- d
	}
}

func (c stateCollector) Collect(ch chan<- prometheus.Metric) {
	now := c.o.clock.Now()
	for _, s := range c.o.cfg.Stacks {
		ls := c.o.live.get(s.Name)
		ch <- prometheus.MustNewConstMetric(descLease, prometheus.GaugeValue, bool01(ls.leaseHeld), s.Name)
		ch <- prometheus.MustNewConstMetric(descUp, prometheus.GaugeValue, bool01(ls.shows != nil && ls.err == ""), s.Name)
		for _, c := range ls.checks.Checks {
			ch <- prometheus.MustNewConstMetric(descCheck, prometheus.GaugeValue, bool01(c.Status == store.CheckPass), s.Name, c.Address)
		}
		if ls.shows == nil {
			continue
		}
		for _, show := range ls.shows.Shows {
			if r, ok := ls.readiness[show.Name]; ok {
				ch <- prometheus.MustNewConstMetric(descShowReady, prometheus.GaugeValue, bool01(r.Outcome == store.OutcomeReady), s.Name, show.Name)
			}
		}
		ch <- prometheus.MustNewConstMetric(descSynced, prometheus.GaugeValue, unixSeconds(ls.syncedAt), s.Name)
		if next, ok := timeline.Next(timeline.Transitions(ls.shows.Shows), now); ok {
			ch <- prometheus.MustNewConstMetric(descNext, prometheus.GaugeValue, unixSeconds(next), s.Name)
		}
		if r, err := timeline.Evaluate(ls.shows.Shows, now, ls.shows.Fleet); err == nil {
			for d, v := range r.Capacity {
				ch <- prometheus.MustNewConstMetric(descCapacity, prometheus.GaugeValue, float64(v), s.Name, d)
			}
		}
	}
}

func bool01(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func unixSeconds(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }
