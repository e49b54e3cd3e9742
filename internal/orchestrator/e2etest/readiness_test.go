package e2etest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/hotshow/terraform-provider-hotshow/internal/htmltest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// inServiceCheck is a readiness check of the local twin: the "cloud"
// answers how many web instances are in service through in_service.json,
// which the test writes (a capacity shortage, then the shortage over), and
// the check compares it with the capacity scheduled now.
const inServiceCheck = `
locals {
  in_service = jsondecode(file("${path.module}/in_service.json"))
}
check "web_in_service" {
  assert {
    condition     = local.in_service.web >= data.hotshow_capacity.fleet.capacity["web"]
    error_message = "web: ${local.in_service.web} in service, ${data.hotshow_capacity.fleet.capacity["web"]} scheduled"
  }
}
`

// setOrchestrator adds a setting to the orchestrator block of the stack's
// hotshow.hcl.
func (s *stack) setOrchestrator(setting string) {
	s.t.Helper()
	b, err := os.ReadFile(s.config)
	require.NoError(s.t, err)
	hcl := strings.Replace(string(b), "orchestrator {\n", "orchestrator {\n  "+setting+"\n", 1)
	require.NoError(s.t, os.WriteFile(s.config, []byte(hcl), 0o644))
}

func (s *stack) setInService(web int) {
	s.t.Helper()
	require.NoError(s.t, os.WriteFile(filepath.Join(s.dir, "in_service.json"), []byte(`{"web": `+itoa(web)+`}`), 0o644))
}

// readiness reads the status page in the browser and returns the
// readiness row of the show: its outcome and its checks' texts.
func readinessRow(t *testing.T, url, show string) (string, []string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(browse(t, url, "--dump-dom")))
	require.NoError(t, err)
	rows := htmltest.Find(doc, func(n *html.Node) bool {
		return n.Data == "tr" && strings.HasPrefix(htmltest.Attr(n, "class"), "readiness ") && htmltest.Attr(n, "data-show") == show
	})
	if len(rows) == 0 {
		return "", nil
	}
	require.Len(t, rows, 1)
	var checks []string
	for _, c := range htmltest.Find(rows[0], func(n *html.Node) bool {
		return n.Data == "div" && strings.HasPrefix(htmltest.Attr(n, "class"), "check ")
	}) {
		checks = append(checks, strings.Join(strings.Fields(htmltest.Text(c)), " "))
	}
	return strings.TrimPrefix(htmltest.Attr(rows[0], "class"), "readiness "), checks
}

func metricFamilies(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	code, body := httpGet(t, url+"metrics")
	require.Equal(t, http.StatusOK, code)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := parser.TextToMetricFamilies(strings.NewReader(body))
	require.NoError(t, err)
	return mfs
}

// TestE2E_readinessCheckFailsThenPasses: a stack's check block fails at the
// evaluation 30 seconds before the on-sale (web: 1 in service, 2
// scheduled): exactly one alert names the check and the show, the status
// page (in the browser) and /metrics say not ready, and the ready command
// exits 4. The shortage ends; the evaluation right after the warm
// transition passes and the page says so. No evaluation moves the state's
// serial; only the transitions do.
func TestE2E_readinessCheckFailsThenPasses(t *testing.T) {
	t.Parallel()
	hook := newHookReceiver(t)
	onSale := time.Now().UTC().Add(40 * time.Second).Truncate(time.Second)
	s := newStack(t, showTF(onSale, "", inServiceCheck), notifyHCL(hook.URL, "not-ready"))
	s.setOrchestrator(`checks_at = ["-30s"]`)
	s.setInService(1)
	s.ciApply()
	serialBefore := s.serial()

	out, code := s.orchestrate("ready", "-json")
	assert.Equal(t, 4, code, "ready exits 4 when a check does not pass: %s", out)
	var rs []orchestrator.Readiness
	require.NoError(t, json.Unmarshal([]byte(out), &rs))
	require.Len(t, rs, 1)
	assert.False(t, rs[0].Ready)
	assert.Equal(t, []store.CheckResult{{Address: "check.web_in_service", Status: store.CheckFail, Messages: []string{"web: 1 in service, 2 scheduled"}}}, rs[0].Checks)

	d := s.startDaemon()
	url := statusPage(t, d)
	var failed store.Run
	waitFor(t, 60*time.Second, "the evaluation 30s before the on-sale", func() bool {
		for _, r := range s.historyAll() {
			if r.IsChecks() && r.Outcome != store.OutcomeRunning {
				failed = r
				return true
			}
		}
		return false
	})
	assert.Equal(t, store.OutcomeNotReady, failed.Outcome)
	assert.Equal(t, "-30s", failed.Checkpoint)
	assert.Equal(t, onSale.Add(-30*time.Second), failed.Instant.UTC())
	assert.Equal(t, []string{"E2E"}, failed.Shows)
	assert.Equal(t, []store.CheckResult{{Address: "check.web_in_service", Status: store.CheckFail, Messages: []string{"web: 1 in service, 2 scheduled"}}}, failed.Checks)
	assert.Empty(t, failed.Changed)
	assert.Equal(t, serialBefore, s.serial(), "the evaluation and the ready command changed nothing")

	outcome, checks := readinessRow(t, url, "E2E")
	assert.Equal(t, "not-ready", outcome)
	assert.Equal(t, []string{"fail check.web_in_service: web: 1 in service, 2 scheduled"}, checks)
	mfs := metricFamilies(t, url)
	assert.InDelta(t, 0, series1(t, mfs, "hotshow_show_ready", map[string]string{"stack": "s", "show": "E2E"}).GetGauge().GetValue(), 0)
	assert.Len(t, mfs["hotshow_show_ready"].GetMetric(), 1)
	assert.InDelta(t, 0, series1(t, mfs, "hotshow_check_passing", map[string]string{"stack": "s", "check": "check.web_in_service"}).GetGauge().GetValue(), 0)
	assert.InDelta(t, 1, series1(t, mfs, "hotshow_readiness_evaluations_total", map[string]string{"stack": "s", "outcome": "not-ready"}).GetCounter().GetValue(), 0)

	// The shortage ends before the warm transition; the evaluation after it
	// passes (made once the stack is free: its next transitions are planned
	// ahead right after each apply, seconds apart here).
	s.setInService(100)
	warm := onSale.Add(-gap)
	waitSettled(t, s, warm, 60*time.Second)
	waitFor(t, 60*time.Second, "the evaluation after the warm transition", func() bool {
		outcome, _ = readinessRow(t, url, "E2E")
		return outcome == "ready"
	})
	_, checks = readinessRow(t, url, "E2E")
	assert.Equal(t, []string{"pass check.web_in_service"}, checks)
	mfs = metricFamilies(t, url)
	require.Len(t, mfs["hotshow_show_ready"].GetMetric(), 1)
	assert.InDelta(t, 1, series1(t, mfs, "hotshow_show_ready", map[string]string{"stack": "s", "show": "E2E"}).GetGauge().GetValue(), 0)
	assert.InDelta(t, 1, series1(t, mfs, "hotshow_check_passing", map[string]string{"stack": "s", "check": "check.web_in_service"}).GetGauge().GetValue(), 0)
	_, code = s.orchestrate("ready")
	assert.Equal(t, 0, code, "ready exits 0 once every check passes")

	waitSettled(t, s, onSale.Add(2*gap), 60*time.Second)
	require.NoError(t, d.stop(t))
	var runs []store.Run
	var evaluations []string
	for _, r := range s.historyAll() {
		if r.IsChecks() {
			evaluations = append(evaluations, r.Checkpoint+" "+string(r.Outcome))
			continue
		}
		assert.Equal(t, store.OutcomeApplied, r.Outcome)
		runs = append(runs, r)
	}
	assert.Len(t, runs, 4)
	assert.Equal(t, []string{"-30s not-ready", "after warm ready", "after peak ready", "after tail ready"}, evaluations)
	// Each transition's apply moved the serial by the same step from the
	// CI's; an evaluation that wrote the state would show as a larger one.
	checkSerials(t, runs, serialBefore, s.serial())

	events, texts := hook.got()
	var alerts []string
	for i, e := range events {
		if e == "not-ready" {
			alerts = append(alerts, texts[i])
		}
	}
	require.Len(t, alerts, 1, "exactly one alert: %q", alerts)
	assert.Contains(t, alerts[0], "*E2E*")
	assert.Contains(t, alerts[0], "check.web_in_service FAIL: web: 1 in service, 2 scheduled")
	assert.Contains(t, alerts[0], "checked at -30s")
}
