package render

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Chart geometry, in SVG user units; the SVG scales to its container.
const (
	chartWidth  = 960.0
	panelHeight = 84.0
	panelGap    = 14.0
	marginLeft  = 76.0
	marginRight = 16.0
	marginTop   = 150.0 // room for the transition labels
	marginBot   = 34.0  // room for the time axis
	// labelGap is the least horizontal distance between two transition
	// labels: the labels are written at 45°, 13 units high, so closer ones
	// would print over each other.
	labelGap = 20.0
)

// palette is readable for the common colour-vision deficiencies.
var palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7a6f00", "#000000"}

// chart is a stack's SVG: one panel a dimension, sharing the time axis.
type chart struct {
	Width, Height float64
	Panels        []panel
	Markers       []marker
	NowX          float64
	ShowNow       bool
	Ticks         []tick
	PlotTop       float64
	PlotBottom    float64
	Left, Right   float64
	Title         string
}

type panel struct {
	Dimension string
	Color     string
	Top       float64
	Bottom    float64
	Line      string // the step line's path
	Area      string // the filled area under it
	Max       int64
	Now       int64
}

type marker struct {
	X     float64
	Label string
	Title string
}

type tick struct {
	X     float64
	Label string
}

// newChart lays out a stack's profile over [from, until).
func newChart(s Stack, from, until, now time.Time, loc *time.Location) chart {
	dims := dimensions(s.Profile)
	c := chart{Width: chartWidth, Left: marginLeft, Right: chartWidth - marginRight, PlotTop: marginTop}
	c.Height = marginTop + float64(len(dims))*(panelHeight+panelGap) + marginBot
	if len(dims) == 0 {
		c.Height = marginTop + panelHeight + marginBot
	}
	c.PlotBottom = c.Height - marginBot
	c.Title = fmt.Sprintf("Capacity of stack %s from %s to %s", s.Name, from.In(loc).Format("Jan 2 15:04"), until.In(loc).Format("Jan 2 15:04 MST"))
	span := until.Sub(from).Seconds()
	x := func(t time.Time) float64 {
		f := t.Sub(from).Seconds() / span
		return round(c.Left + f*(c.Right-c.Left))
	}
	for i, d := range dims {
		p := panel{Dimension: d, Color: palette[i%len(palette)]}
		p.Top = marginTop + float64(i)*(panelHeight+panelGap)
		p.Bottom = p.Top + panelHeight
		for _, r := range s.Profile {
			p.Max = max(p.Max, r.Capacity[d])
		}
		p.Now = s.Capacity[d]
		top := float64(max(p.Max, 1)) // a flat zero line sits on the axis
		y := func(v int64) float64 { return round(p.Bottom - float64(v)/top*(panelHeight-8)) }
		var line strings.Builder
		for j, r := range s.Profile {
			if j == 0 {
				fmt.Fprintf(&line, "M%s %s", num(x(r.At)), num(y(r.Capacity[d])))
				continue
			}
			fmt.Fprintf(&line, " H%s V%s", num(x(r.At)), num(y(r.Capacity[d])))
		}
		if len(s.Profile) > 0 {
			fmt.Fprintf(&line, " H%s", num(c.Right))
			p.Line = line.String()
			p.Area = fmt.Sprintf("%s V%s H%s Z", p.Line, num(p.Bottom), num(x(s.Profile[0].At)))
		}
		c.Panels = append(c.Panels, p)
	}
	for _, m := range s.Marks {
		if m.At.Before(from) || !m.At.Before(until) {
			continue
		}
		c.Markers = append(c.Markers, marker{X: x(m.At), Label: clip(m.Show, 14) + " · " + clip(m.Phase, 10),
			Title: fmt.Sprintf("%s: %s · %s (%s)", m.At.In(loc).Format("Jan 2 15:04:05 MST"), m.Show, m.Phase, FormatCapacity(m.Capacity))})
	}
	c.Markers = thinLabels(c.Markers)
	if !now.Before(from) && now.Before(until) {
		c.NowX, c.ShowNow = x(now), true
	}
	c.Ticks = ticks(from, until, loc, x)
	return c
}

// thinLabels keeps every marker's line but labels only markers at least
// labelGap apart: a label stands for the markers that follow it too closely
// ("+2" more), and its title lists them all.
func thinLabels(ms []marker) []marker {
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].X < ms[j].X })
	head, hidden := -1, 0
	for i := range ms {
		if head >= 0 && ms[i].X-ms[head].X < labelGap {
			ms[head].Title += "\n" + ms[i].Title
			ms[i].Label = ""
			hidden++
			continue
		}
		if head >= 0 && hidden > 0 {
			ms[head].Label += fmt.Sprintf(" (+%d)", hidden)
		}
		head, hidden = i, 0
	}
	if head >= 0 && hidden > 0 {
		ms[head].Label += fmt.Sprintf(" (+%d)", hidden)
	}
	return ms
}

// ticks puts at most eight labelled instants on the time axis, at whole
// multiples of a round step.
func ticks(from, until time.Time, loc *time.Location, x func(time.Time) float64) []tick {
	span := until.Sub(from)
	var step time.Duration
	for _, step = range []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 3 * time.Hour, 4 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 48 * time.Hour, 168 * time.Hour} {
		if span/step <= 8 {
			break
		}
	}
	layout := "15:04"
	if step >= 24*time.Hour {
		layout = "Mon 2 15:04"
	}
	var out []tick
	for t := from.Truncate(step); t.Before(until); t = t.Add(step) {
		if !t.Before(from) {
			out = append(out, tick{X: x(t), Label: t.In(loc).Format(layout)})
		}
	}
	return out
}

// dimensions lists every dimension of a profile, sorted.
func dimensions(profile []timeline.Result) []string {
	all := timeline.Capacity{}
	for _, r := range profile {
		for d := range r.Capacity {
			all[d] = 0
		}
	}
	return all.Dimensions()
}

// FormatCapacity prints a capacity as "api=20 web=40".
func FormatCapacity(c timeline.Capacity) string {
	parts := make([]string, 0, len(c))
	for _, d := range c.Dimensions() {
		parts = append(parts, d+"="+strconv.FormatInt(c[d], 10))
	}
	return strings.Join(parts, " ")
}

// clip shortens s to n characters, marking the cut; the marker's title
// keeps the whole text.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func round(f float64) float64 { return float64(int64(f*10+0.5)) / 10 }

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
