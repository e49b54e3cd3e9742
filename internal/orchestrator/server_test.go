package orchestrator

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
)

// counterValue reads one series of o's registry: a counter's value, or a
// histogram's sample count.
func counterValue(t *testing.T, o *Orchestrator, name string, labels map[string]string) float64 {
	t.Helper()
	mfs, err := o.metrics.reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if matches(m, labels) {
				if h := m.GetHistogram(); h != nil {
					return float64(h.GetSampleCount())
				}
				if c := m.GetCounter(); c != nil {
					return c.GetValue()
				}
				return m.GetGauge().GetValue()
			}
		}
	}
	return 0
}

func matches(m *dto.Metric, labels map[string]string) bool {
	for k, v := range labels {
		found := false
		for _, lp := range m.GetLabel() {
			if lp.GetName() == k && lp.GetValue() == v {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func get(t *testing.T, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	return rec
}

func TestServer_metricsReadinessAndPage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a <b>", onSale))}
		o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": r})
		h := o.handler()
		assert.Equal(t, http.StatusOK, get(t, h, "/healthz").Code)
		ready := get(t, h, "/readyz")
		assert.Equal(t, http.StatusServiceUnavailable, ready.Code)
		assert.Contains(t, ready.Body.String(), "stacks not yet discovered: [s]")

		// Run across warm and peak (the peak run at +60m), stop before tail.
		runFor(t, o, time.Hour+time.Minute)
		assert.Equal(t, http.StatusOK, get(t, h, "/readyz").Code)

		rec := get(t, h, "/metrics")
		require.Equal(t, http.StatusOK, rec.Code)
		parser := expfmt.NewTextParser(model.UTF8Validation)
		mfs, err := parser.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
		require.NoError(t, err)
		require.Contains(t, mfs, "hotshow_transition_lag_seconds")
		assert.Equal(t, uint64(2), mfs["hotshow_transition_lag_seconds"].GetMetric()[0].GetHistogram().GetSampleCount())
		assert.InDelta(t, 2, counterValue(t, o, "hotshow_runs_total", map[string]string{"stack": "s", "outcome": "applied"}), 0)
		assert.InDelta(t, 50, counterValue(t, o, "hotshow_scheduled_capacity", map[string]string{"stack": "s", "dimension": "web"}), 0, "peak now")
		next := counterValue(t, o, "hotshow_next_transition_timestamp_seconds", map[string]string{"stack": "s"})
		assert.InDelta(t, float64(onSale.Add(30*time.Minute).Unix()), next, 0.001)
		assert.InDelta(t, 0, counterValue(t, o, "hotshow_lease_held", map[string]string{"stack": "s"}), 0)
		assert.InDelta(t, 1, counterValue(t, o, "hotshow_discovery_ok", map[string]string{"stack": "s"}), 0)

		page := get(t, h, "/?window=168h&tz=Australia/Sydney")
		require.Equal(t, http.StatusOK, page.Code)
		body := page.Body.String()
		assert.Contains(t, body, "a &lt;b&gt; · tail")
		assert.NotContains(t, body, "a <b>")
		assert.Contains(t, body, "AEDT")
		assert.Regexp(t, `shows read [A-Z][a-z]{2} \d+ \d\d:\d\d:\d\d AEDT from state serial 7`, body, "when the shows were read, and from which state")
		assert.Equal(t, "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:", page.Header().Get("Content-Security-Policy"))

		for target, want := range map[string]string{"/?window=5m": "window \"5m\"", "/?window=x": "window \"x\"", "/?tz=Mars/Olympus": "tz:"} {
			rec := get(t, h, target)
			assert.Equal(t, http.StatusBadRequest, rec.Code, target)
			assert.Contains(t, rec.Body.String(), want, target)
		}
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", nil))
		assert.Equal(t, http.StatusMethodNotAllowed, rec.Code, "read-only")
		_ = context.Background()
	})
}

// TestMetrics_seriesFromTheStartAndCapacityRequested: every configured
// stack's lag, capacity-requested and plan-age series are exported before
// anything ran; after planned-ahead runs they count the instant → apply
// finished and the plan's age.
func TestMetrics_seriesFromTheStartAndCapacityRequested(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		runners := map[string]*fakeRunner{
			"a": {state: stateJSON(t, show(t, "a", onSale)), applyTakes: 2 * time.Second},
			"b": {state: stateJSON(t, show(t, "b", onSale.Add(24*time.Hour)))},
		}
		o := newTestOrchestrator(t, preplanConfig(t, config.Preplan{Fixed: time.Minute}, "a", "b"), runners)
		h := o.handler()
		scrape := func() map[string]*dto.MetricFamily {
			rec := get(t, h, "/metrics")
			require.Equal(t, http.StatusOK, rec.Code)
			parser := expfmt.NewTextParser(model.UTF8Validation)
			mfs, err := parser.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
			require.NoError(t, err)
			return mfs
		}
		series := func(mf *dto.MetricFamily) map[string]*dto.Histogram {
			out := map[string]*dto.Histogram{}
			for _, m := range mf.GetMetric() {
				out[m.GetLabel()[0].GetValue()] = m.GetHistogram()
			}
			return out
		}
		mfs := scrape()
		for _, name := range []string{"hotshow_transition_lag_seconds", "hotshow_capacity_requested_seconds", "hotshow_plan_age_seconds"} {
			require.Contains(t, mfs, name)
			s := series(mfs[name])
			require.Len(t, s, 2, name)
			assert.Zero(t, s["a"].GetSampleCount(), name)
			assert.Zero(t, s["b"].GetSampleCount(), name)
		}

		runFor(t, o, time.Hour+time.Minute) // warm and peak of a
		mfs = scrape()
		req := series(mfs["hotshow_capacity_requested_seconds"])
		assert.Equal(t, uint64(2), req["a"].GetSampleCount())
		assert.InDelta(t, 4, req["a"].GetSampleSum(), 1e-9, "two applies of 2 s, each planned ahead")
		assert.Zero(t, req["b"].GetSampleCount())
		age := series(mfs["hotshow_plan_age_seconds"])
		assert.InDelta(t, 120, age["a"].GetSampleSum(), 1e-9, "each plan made a minute ahead")
	})
}
