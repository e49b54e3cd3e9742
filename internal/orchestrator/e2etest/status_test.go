package e2etest

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// evilName is a show name with markup in it: the page must show it as text.
const evilName = `<b>Eras</b> <img src=x onerror=alert(1)> & "Sydney"`

// chromium finds the browser: HOTSHOW_CHROMIUM, else chromium on PATH.
// The GNUmakefile installs Debian's package when it is missing.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HOTSHOW_CHROMIUM"); p != "" {
		return p
	}
	p, err := exec.LookPath("chromium")
	require.NoError(t, err, "the status page test needs Chromium: install Debian's chromium package (make tools does) or set HOTSHOW_CHROMIUM")
	return p
}

// browse runs headless Chromium on url with extra flags and returns its
// standard output.
func browse(t *testing.T, url string, flags ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + t.TempDir()}, flags...)
	cmd := exec.CommandContext(ctx, chromium(t), append(args, url)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "chromium: %s", stderr.String())
	return stdout.Bytes()
}

var statusURL = regexp.MustCompile(`url=(http://127\.0\.0\.1:\d+/)`)

// statusPage waits for the daemon's status server and returns its address.
func statusPage(t *testing.T, d *daemon) string {
	t.Helper()
	var url string
	waitFor(t, 30*time.Second, "the status server", func() bool {
		m := statusURL.FindStringSubmatch(d.log.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	return url
}

func httpGet(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// TestE2E_statusPageAndMetrics runs a daemon over two real stacks, loads its
// status page in headless Chromium mid-show, then reads /metrics once every
// transition has been applied.
func TestE2E_statusPageAndMetrics(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	// The second stack's show goes on sale in three hours, with two
	// dimensions: nothing is due during the test.
	second := newStack(t, laterShowTF(onSale.Add(3*time.Hour)), "")
	second.ciApply()
	tf := strings.Replace(showTF(onSale, "", ""), `name       = "E2E"`, `name       = "`+strings.ReplaceAll(evilName, `"`, `\"`)+`"`, 1)
	s := newStack(t, tf, `stack "second" { dir = "`+second.dir+`" }`)
	s.ciApply()
	d := s.startDaemon()
	url := statusPage(t, d)
	waitFor(t, 30*time.Second, "every stack discovered", func() bool { code, _ := httpGet(t, url+"readyz"); return code == http.StatusOK })
	code, _ := httpGet(t, url+"healthz")
	assert.Equal(t, http.StatusOK, code)
	waitSettled(t, s, onSale.Add(-gap), 30*time.Second) // the warm transition

	// The page, as the browser sees it once loaded.
	doc, err := html.Parse(bytes.NewReader(browse(t, url, "--dump-dom")))
	require.NoError(t, err)
	charts := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "svg" && htmltest.Attr(n, "class") == "chart" })
	require.Len(t, charts, 2, "one chart a stack")
	series := map[string]int{}
	for _, c := range charts {
		series[htmltest.Attr(c, "data-stack")] = len(htmltest.Find(c, func(n *html.Node) bool { return n.Data == "path" && htmltest.Attr(n, "class") == "series" }))
		markers := htmltest.Find(c, func(n *html.Node) bool { return n.Data == "g" && htmltest.Attr(n, "class") == "marker" })
		assert.Len(t, markers, 4, "stack %s: four transitions in the next 24 hours", htmltest.Attr(c, "data-stack"))
		assert.Len(t, htmltest.Find(c, func(n *html.Node) bool { return n.Data == "g" && htmltest.Attr(n, "class") == "now" }), 1)
	}
	assert.Equal(t, map[string]int{"s": 1, "second": 2}, series, "one series a dimension")
	assert.Empty(t, htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "b" || n.Data == "img" || n.Data == "script" }), "the show's markup is not markup")
	var shown []string
	for _, td := range htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "td" && htmltest.Attr(n, "class") == "show" }) {
		shown = append(shown, htmltest.Text(td))
	}
	assert.Contains(t, shown, evilName+" · peak", "the show's name is shown as typed")
	sections := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "section" && htmltest.Attr(n, "data-stack") == "s" })
	require.Len(t, sections, 1)
	runs := htmltest.Find(sections[0], func(n *html.Node) bool { return n.Data == "tr" && strings.HasPrefix(htmltest.Attr(n, "class"), "run ") })
	assert.NotEmpty(t, runs, "the last runs are listed")

	// The screenshot is not blank: many colours, a good share of ink.
	shot := filepath.Join(t.TempDir(), "status.png")
	browse(t, url, "--window-size=1200,1500", "--screenshot="+shot)
	f, err := os.Open(shot)
	require.NoError(t, err)
	img, err := png.Decode(f)
	require.NoError(t, f.Close())
	require.NoError(t, err)
	colours, ink := inked(img)
	assert.Greater(t, colours, 50, "distinct colours")
	assert.Greater(t, ink, 0.03, "share of pixels that are not background")
	t.Logf("screenshot %dx%d: %d colours, %.1f%% ink", img.Bounds().Dx(), img.Bounds().Dy(), colours, 100*ink)
	if dst := os.Getenv("HOTSHOW_SCREENSHOT"); dst != "" {
		b, err := os.ReadFile(shot)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(dst, b, 0o644))
	}

	// On a wide screen the stacks (and their charts) take the page's width.
	wide := filepath.Join(t.TempDir(), "wide.png")
	browse(t, url, "--window-size=1800,900", "--screenshot="+wide)
	f, err = os.Open(wide)
	require.NoError(t, err)
	img, err = png.Decode(f)
	require.NoError(t, f.Close())
	require.NoError(t, err)
	assert.Greater(t, rightmostInk(img), img.Bounds().Dx()*9/10, "the page's content reaches across a wide window")

	// /metrics once every transition of the first stack has been applied.
	// The ledger records a run a moment before /metrics counts it: wait for
	// both.
	waitSettled(t, s, onSale.Add(2*gap), 60*time.Second)
	var mfs map[string]*dto.MetricFamily
	waitFor(t, 10*time.Second, "/metrics to count the fourth run", func() bool {
		code, body := httpGet(t, url+"metrics")
		require.Equal(t, http.StatusOK, code)
		parser := expfmt.NewTextParser(model.UTF8Validation)
		mfs, err = parser.TextToMetricFamilies(strings.NewReader(body))
		require.NoError(t, err)
		for _, m := range mfs["hotshow_runs_total"].GetMetric() {
			if m.GetCounter().GetValue() >= 4 {
				return true
			}
		}
		return false
	})
	lag := series1(t, mfs, "hotshow_transition_lag_seconds", map[string]string{"stack": "s"})
	assert.Equal(t, uint64(4), lag.GetHistogram().GetSampleCount(), "four lags")
	assert.Less(t, lag.GetHistogram().GetSampleSum(), 20.0)
	applied := series1(t, mfs, "hotshow_runs_total", map[string]string{"stack": "s", "outcome": string(store.OutcomeApplied)})
	assert.InDelta(t, 4, applied.GetCounter().GetValue(), 0)
	assert.Len(t, mfs["hotshow_runs_total"].GetMetric(), 1, "no run of another outcome or stack")
	assert.InDelta(t, 2, series1(t, mfs, "hotshow_scheduled_capacity", map[string]string{"stack": "s", "dimension": "web"}).GetGauge().GetValue(), 0, "back at baseline")
	assert.InDelta(t, 2, series1(t, mfs, "hotshow_scheduled_capacity", map[string]string{"stack": "second", "dimension": "web"}).GetGauge().GetValue(), 0)
	assert.InDelta(t, 1, series1(t, mfs, "hotshow_scheduled_capacity", map[string]string{"stack": "second", "dimension": "api"}).GetGauge().GetValue(), 0)
	for _, stack := range []string{"s", "second"} {
		assert.InDelta(t, 0, series1(t, mfs, "hotshow_lease_held", map[string]string{"stack": stack}).GetGauge().GetValue(), 0)
		assert.InDelta(t, 1, series1(t, mfs, "hotshow_discovery_ok", map[string]string{"stack": stack}).GetGauge().GetValue(), 0)
	}
	next := series1(t, mfs, "hotshow_next_transition_timestamp_seconds", map[string]string{"stack": "second"}).GetGauge().GetValue()
	assert.InDelta(t, float64(onSale.Add(2*time.Hour).Unix()), next, 0, "the second show's warm-up, an hour before its on-sale")
	assert.Len(t, mfs["hotshow_next_transition_timestamp_seconds"].GetMetric(), 1, "the first stack has no transition left")
	require.NoError(t, d.stop(t))
}

// laterShowTF is a stadium on-sale at onSale, hours long, on two targets.
func laterShowTF(onSale time.Time) string {
	return `terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}
resource "hotshow_show" "tour" {
  name       = "Stadium Tour — Night 2"
  on_sale_at = "` + onSale.UTC().Format(time.RFC3339) + `"
  baseline   = { web = 2, api = 1 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
    { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
  ]
  end = "+3h"
}
data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.tour.schedule]
}
resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}
resource "terraform_data" "api" {
  input = data.hotshow_capacity.fleet.capacity["api"]
}
`
}

// inked counts distinct colours and the share of pixels unlike the top-left
// corner's (the background).
func inked(img image.Image) (int, float64) {
	b := img.Bounds()
	bg := img.At(b.Min.X, b.Min.Y)
	br, bgg, bb, _ := bg.RGBA()
	colours := map[[3]uint32]bool{}
	ink := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
			if r != br || g != bgg || bl != bb {
				ink++
			}
		}
	}
	return len(colours), float64(ink) / float64(b.Dx()*b.Dy())
}

// rightmostInk is the rightmost column with a pixel unlike the top-left
// corner's (the background), below the header (whose rule spans the
// window whatever the content's width).
func rightmostInk(img image.Image) int {
	b := img.Bounds()
	br, bg, bb, _ := img.At(b.Min.X, b.Min.Y).RGBA()
	for x := b.Max.X - 1; x >= b.Min.X; x-- {
		for y := b.Min.Y + 100; y < b.Max.Y; y++ {
			if r, g, bl, _ := img.At(x, y).RGBA(); r != br || g != bg || bl != bb {
				return x
			}
		}
	}
	return b.Min.X
}

func series1(t *testing.T, mfs map[string]*dto.MetricFamily, name string, labels map[string]string) *dto.Metric {
	t.Helper()
	mf, ok := mfs[name]
	require.True(t, ok, "metric %s is exposed", name)
	for _, m := range mf.GetMetric() {
		all := true
		for k, v := range labels {
			found := false
			for _, lp := range m.GetLabel() {
				found = found || (lp.GetName() == k && lp.GetValue() == v)
			}
			all = all && found
		}
		if all {
			return m
		}
	}
	t.Fatalf("no %s series with %v", name, labels)
	return nil
}
