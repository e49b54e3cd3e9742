package render

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/hotshow/terraform-provider-hotshow/internal/htmltest"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

var t0 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func at(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }

// testStack has two dimensions and three transitions in the window.
func testStack(t *testing.T, name, show string) Stack {
	s := timeline.Schedule{Name: show, Approved: true, Baseline: timeline.Capacity{"web": 2, "api": 1}, Steps: []timeline.Step{
		{At: at(2), Phase: "warm", Capacity: timeline.Capacity{"web": 40, "api": 20}},
		{At: at(3), Phase: "peak", Capacity: timeline.Capacity{"web": 120, "api": 60}},
		{At: at(6), Phase: "ended", Capacity: timeline.Capacity{"web": 2, "api": 1}},
		{At: at(30), Phase: "never shown", Capacity: timeline.Capacity{"web": 2, "api": 1}},
	}}
	p, err := timeline.Profile([]timeline.Schedule{s}, at(0), at(24), timeline.Options{})
	require.NoError(t, err)
	st := Stack{Name: name, Discovered: true, Profile: p, Capacity: p[0].Capacity, Combine: "max"}
	for _, step := range s.Steps {
		st.Marks = append(st.Marks, Mark{At: step.At, Show: show, Phase: step.Phase, Capacity: step.Capacity})
	}
	st.Next = st.Marks[:2]
	st.Runs = []Run{{Instant: at(0), Outcome: "failed", Attempt: 2, Lag: 3 * time.Millisecond, Error: "<script>alert(1)</script>"}}
	return st
}

func TestWritePage_oneChartPerStackAndEscaping(t *testing.T) {
	evil := `<img src=x onerror=alert(1)> & "Eras"`
	page := Page{Now: at(1), From: at(0), Until: at(24), Window: "24h", Windows: []string{"24h", "168h"}, Holder: "h-1", Store: "file",
		Stacks: []Stack{testStack(t, "ticketing", evil), testStack(t, `stack"><b>x</b>`, "Plain")}}
	var buf bytes.Buffer
	require.NoError(t, WritePage(&buf, page))
	out := buf.String()
	assert.NotContains(t, out, "<img src=x")
	assert.NotContains(t, out, "<script>alert")
	assert.NotContains(t, out, "<b>x</b>")

	doc, err := html.Parse(strings.NewReader(out))
	require.NoError(t, err)
	charts := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "svg" && htmltest.Attr(n, "class") == "chart" })
	require.Len(t, charts, 2, "one chart a stack")
	assert.Equal(t, `stack"><b>x</b>`, htmltest.Attr(charts[1], "data-stack"), "the attribute holds the name as given")
	for _, c := range charts {
		series := htmltest.Find(c, func(n *html.Node) bool { return n.Data == "path" && htmltest.Attr(n, "class") == "series" })
		assert.Len(t, series, 2, "web and api")
		markers := htmltest.Find(c, func(n *html.Node) bool { return n.Data == "g" && htmltest.Attr(n, "class") == "marker" })
		assert.Len(t, markers, 3, "the transition at +30h is outside the window")
		assert.Len(t, htmltest.Find(c, func(n *html.Node) bool { return n.Data == "g" && htmltest.Attr(n, "class") == "now" }), 1)
	}
	// The show's name is text, exactly as typed.
	shows := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "td" && htmltest.Attr(n, "class") == "show" })
	require.NotEmpty(t, shows)
	assert.Equal(t, evil+" · warm", htmltest.Text(shows[0]))
	// Step line of web: baseline 2, then 40, 120, back to 2.
	web := htmltest.Find(charts[0], func(n *html.Node) bool { return n.Data == "path" && htmltest.Attr(n, "data-dimension") == "web" })
	require.Len(t, web, 1)
	assert.Equal(t, 4, strings.Count(htmltest.Attr(web[0], "d"), "V")+1, "a start and three steps")
}

func TestCountdown(t *testing.T) {
	for d, want := range map[time.Duration]string{
		-time.Second: "now", 0: "now", 42 * time.Second: "42s", 4*time.Minute + 5*time.Second: "4m 05s",
		3*time.Hour + 12*time.Minute: "3h 12m", 50 * time.Hour: "2d 2h",
	} {
		assert.Equal(t, want, Countdown(d), "%s", d)
	}
}

func TestWriteTimeline(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteTimeline(&buf, []Stack{testStack(t, "ticketing", "Eras")}, at(0), at(24), 24, time.UTC))
	lines := strings.Split(buf.String(), "\n")
	require.GreaterOrEqual(t, len(lines), 4)
	assert.Equal(t, "ticketing  Dec 1 00:00 → Dec 2 00:00 UTC", lines[0])
	// One column an hour: 2 h at baseline, 1 h warm (40/120 → 3 eighths), 3 h at peak, then baseline.
	assert.Equal(t, "  web │▁▁▃███▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁▁│ peak 120", lines[2])
	assert.Equal(t, "         ^^  ^                   ^ = transition", lines[3], "at hours 2, 3 and 6")
}

func TestWriteICS(t *testing.T) {
	var buf bytes.Buffer
	ev := []CalendarEvent{{Stack: "tick,eting", Mark: Mark{At: at(3), Show: "Eras; Sydney\nN1 " + strings.Repeat("x", 80), Phase: "peak", Capacity: timeline.Capacity{"web": 120}}}}
	require.NoError(t, WriteICS(&buf, ev, at(0)))
	out := buf.String()
	assert.True(t, strings.HasPrefix(out, "BEGIN:VCALENDAR\r\n"))
	assert.Contains(t, out, "DTSTART:20261201T030000Z\r\n")
	assert.Contains(t, out, `SUMMARY:tick\,eting: Eras\; Sydney\nN1 `)
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		assert.LessOrEqual(t, len(l), 75, "folded: %q", l)
	}
	assert.Equal(t, 1, strings.Count(out, "BEGIN:VEVENT"))
}

func TestWritePage_warnings(t *testing.T) {
	st := testStack(t, "ticketing", "Eras")
	st.Warnings = []string{`show "Eras": the stack's applies took up to 4m10s, longer than the show's lead of 2m0s <b>now</b>`}
	page := Page{Now: at(1), From: at(0), Until: at(24), Window: "24h", Windows: []string{"24h"}, Holder: "h-1", Store: "file", Stacks: []Stack{st}}
	var buf bytes.Buffer
	require.NoError(t, WritePage(&buf, page))
	doc, err := html.Parse(strings.NewReader(buf.String()))
	require.NoError(t, err)
	warnings := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "p" && htmltest.Attr(n, "class") == "warning" })
	require.Len(t, warnings, 1)
	assert.Equal(t, "warning: "+st.Warnings[0], htmltest.Text(warnings[0]), "shown as text, escaped")
}

// TestChart_closeTransitionsDoNotOverprint: transitions a minute apart in
// a 24-hour window keep their lines, but only the first of them is
// labelled, saying how many more it stands for, and its title lists all.
func TestChart_closeTransitionsDoNotOverprint(t *testing.T) {
	st := testStack(t, "s", "A")
	st.Marks = append(st.Marks,
		Mark{At: at(2).Add(time.Minute), Show: "B", Phase: "warm"},
		Mark{At: at(2).Add(2 * time.Minute), Show: "C", Phase: "warm"})
	c := newChart(st, at(0), at(24), at(1), time.UTC)
	require.Len(t, c.Markers, 5)
	var labels []string
	for _, m := range c.Markers {
		labels = append(labels, m.Label)
	}
	assert.Equal(t, []string{"A · warm (+2)", "", "", "A · peak", "A · ended"}, labels)
	assert.Contains(t, c.Markers[0].Title, "B · warm")
	assert.Contains(t, c.Markers[0].Title, "C · warm")
	for i := 1; i < len(c.Markers); i++ {
		if c.Markers[i].Label == "" {
			continue
		}
		for j := range i {
			if c.Markers[j].Label != "" {
				assert.GreaterOrEqual(t, c.Markers[i].X-c.Markers[j].X, labelGap, "labels %d and %d", j, i)
			}
		}
	}

	var buf bytes.Buffer
	require.NoError(t, WritePage(&buf, Page{Now: at(1), From: at(0), Until: at(24), Window: "24h", Stacks: []Stack{st}}))
	doc, err := html.Parse(strings.NewReader(buf.String()))
	require.NoError(t, err)
	markers := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "g" && htmltest.Attr(n, "class") == "marker" })
	require.Len(t, markers, 5, "every transition keeps its line")
	texts := htmltest.Find(doc, func(n *html.Node) bool {
		return n.Data == "text" && n.Parent != nil && htmltest.Attr(n.Parent, "class") == "marker"
	})
	assert.Len(t, texts, 3, "three labels")
}

// TestWritePage_requestsAndReadiness: the calendar's requests with their
// state and reason, and each show's readiness with its checks, as text.
func TestWritePage_requestsAndReadiness(t *testing.T) {
	st := testStack(t, "calendar", "Eras")
	st.Requests = []Request{
		{Ticket: "TIX-1", Name: "Eras <b>N1</b>", State: "live", OnSale: at(2), Requester: "p@example.com"},
		{Ticket: "TIX-2", State: "rejected", Reason: `time_zone: "Mars/Olympus" is not an IANA time zone`},
	}
	st.Readiness = []Readiness{{Show: "Eras", Checkpoint: "-15m", At: at(1), Outcome: "not-ready",
		Checks: []Check{{Address: "check.web_in_service", Status: "fail", Message: "web: 40 of 120"}, {Address: "check.quota", Status: "pass"}}}}
	page := Page{Now: at(1), From: at(0), Until: at(24), Window: "24h", Windows: []string{"24h"}, Holder: "h-1", Store: "file", Stacks: []Stack{st}}
	var buf bytes.Buffer
	require.NoError(t, WritePage(&buf, page))
	doc, err := html.Parse(strings.NewReader(buf.String()))
	require.NoError(t, err)
	rows := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "tr" && htmltest.Attr(n, "class") == "request" })
	require.Len(t, rows, 2)
	assert.Equal(t, "live", htmltest.Attr(rows[0], "data-state"))
	assert.Contains(t, htmltest.Text(rows[0]), "Eras <b>N1</b>", "a name is text")
	assert.Contains(t, htmltest.Text(rows[1]), `time_zone: "Mars/Olympus" is not an IANA time zone`)
	ready := htmltest.Find(doc, func(n *html.Node) bool { return n.Data == "tr" && htmltest.Attr(n, "class") == "readiness not-ready" })
	require.Len(t, ready, 1)
	assert.Contains(t, htmltest.Text(ready[0]), "check.web_in_service: web: 40 of 120")
	assert.Contains(t, htmltest.Text(ready[0]), "-15m")
}
