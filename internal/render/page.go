package render

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"
)

//go:embed page.html.tmpl
var pageSource string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"add":          func(d, f float64) float64 { return f + d },
	"fmtCap":       FormatCapacity,
	"fmtTime":      func(t time.Time, loc *time.Location) string { return t.In(loc).Format("Jan 2 15:04:05 MST") },
	"fmtDur":       fmtDur,
	"countdown":    func(at, now time.Time) string { return Countdown(at.Sub(now)) },
	"join":         func(s []string) string { return strings.Join(s, ", ") },
	"outcomeClass": outcomeClass,
	"checkClass":   checkClass,
	"requestClass": requestClass,
	"chart":        func(s Stack, p pageData) chart { return newChart(s, p.From, p.Until, p.Now, p.Zone) },
}).Parse(pageSource))

// pageData is Page with what the template derives.
type pageData struct {
	Page
	ZoneName string // the tz query parameter to keep in links; empty for UTC
}

// WritePage renders the status page. Every string that came from users
// (stack and show names, phases, errors) is escaped by html/template.
func WritePage(w io.Writer, p Page) error {
	if p.Zone == nil {
		p.Zone = time.UTC
	}
	d := pageData{Page: p}
	if p.Zone != time.UTC {
		d.ZoneName = p.Zone.String()
	}
	return pageTemplate.Execute(w, d)
}

// Countdown prints a duration until an instant the way people read it:
// "in 2d 3h", "in 3h 12m", "in 4m 05s", "now".
func Countdown(d time.Duration) string {
	if d <= 0 {
		return "now"
	}
	d = d.Round(time.Second)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd %dh", d/(24*time.Hour), d%(24*time.Hour)/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %02dm", d/time.Hour, d%time.Hour/time.Minute)
	case d >= time.Minute:
		return fmt.Sprintf("%dm %02ds", d/time.Minute, d%time.Minute/time.Second)
	default:
		return fmt.Sprintf("%ds", d/time.Second)
	}
}

func fmtDur(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < time.Second:
		return d.Round(100 * time.Microsecond).String()
	default:
		return d.Round(10 * time.Millisecond).String()
	}
}

func requestClass(state string) string {
	switch state {
	case "scheduled", "live", "ended":
		return "ok"
	case "rejected":
		return "bad"
	default:
		return "warn"
	}
}

func checkClass(status string) string {
	if status == "pass" {
		return "ok"
	}
	return "bad"
}

func outcomeClass(outcome string) string {
	switch outcome {
	case "applied", "no-changes", "ready":
		return "ok"
	case "running":
		return "warn"
	default:
		return "bad"
	}
}
