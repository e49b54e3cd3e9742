// Package report compares the capacity each show's schedule provisions with
// running at its peak all the time: unit-hours, and money with prices, as a
// table, CSV or JSON. It works on the shows a stack's state holds
// (showstate) and imports nothing of the orchestrator's core.
package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// AllShows names a stack's combined row in a report.
const AllShows = "(all shows)"

// Report compares, over [From, Until), the capacity each show's schedule
// provisions with running at its peak all the time, the way platforms ran
// before shows were scheduled.
type Report struct {
	From  time.Time `json:"from"`
	Until time.Time `json:"until"`
	Hours float64   `json:"hours"`
	Rows  []Row     `json:"rows"`

	prices map[string]float64
}

// Row is one show's (or one stack's, combined) dimension. Hours are
// unit-hours: one unit held for one hour. Costs are set when the dimension
// has a price (per unit-hour).
type Row struct {
	Stack          string   `json:"stack"`
	Show           string   `json:"show"`
	Dimension      string   `json:"dimension"`
	ScheduledHours float64  `json:"scheduled_unit_hours"`
	Peak           int64    `json:"peak_units"`
	AtPeakHours    float64  `json:"at_peak_unit_hours"`
	SavedHours     float64  `json:"saved_unit_hours"`
	SavedPercent   float64  `json:"saved_percent"`
	Price          *float64 `json:"price_per_unit_hour,omitempty"`
	ScheduledCost  *float64 `json:"scheduled_cost,omitempty"`
	AtPeakCost     *float64 `json:"at_peak_cost,omitempty"`
	SavedCost      *float64 `json:"saved_cost,omitempty"`
}

// New is an empty report on [from, until); Add fills it, a stack at a time
// (and refuses a window that ends before it starts).
func New(from, until time.Time, prices map[string]float64) Report {
	return Report{From: from, Until: until, Hours: until.Sub(from).Hours(), prices: prices}
}

// Add reports on one stack.
func (rep *Report) Add(stack string, st showstate.State) error {
	rows, err := Rows(stack, st, rep.From, rep.Until, rep.prices)
	if err != nil {
		return fmt.Errorf("stack %s: %w", stack, err)
	}
	rep.Rows = append(rep.Rows, rows...)
	return nil
}

// Rows reports on one stack: a row per show and dimension, then the
// stack's combined rows (its shows combined as its hotshow_capacity data
// source combines them), which count overlapping shows once.
func Rows(stack string, st showstate.State, from, until time.Time, prices map[string]float64) ([]Row, error) {
	if !until.After(from) {
		return nil, fmt.Errorf("the report's end %s is not after its start %s", until.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	var out []Row
	shows := append([]timeline.Schedule(nil), st.Shows...)
	sort.SliceStable(shows, func(i, j int) bool { return shows[i].Name < shows[j].Name })
	for _, s := range shows {
		p, err := timeline.Profile([]timeline.Schedule{s}, from, until, timeline.Options{})
		if err != nil {
			return nil, err
		}
		out = append(out, rows(stack, s.Name, p, from, until, prices)...)
	}
	if len(shows) > 1 || len(st.Fleet.Floor) > 0 || len(st.Fleet.Ceiling) > 0 {
		p, err := timeline.Profile(st.Shows, from, until, st.Fleet)
		if err != nil {
			return nil, err
		}
		out = append(out, rows(stack, AllShows, p, from, until, prices)...)
	}
	return out, nil
}

func rows(stack, show string, p []timeline.Result, from, until time.Time, prices map[string]float64) []Row {
	hours := timeline.Hours(p, until)
	peak := timeline.Peak(p)
	span := until.Sub(from).Hours()
	var out []Row
	for _, d := range peak.Dimensions() {
		r := Row{Stack: stack, Show: show, Dimension: d, ScheduledHours: hours[d], Peak: peak[d], AtPeakHours: float64(peak[d]) * span}
		r.SavedHours = r.AtPeakHours - r.ScheduledHours
		if r.AtPeakHours > 0 {
			r.SavedPercent = 100 * r.SavedHours / r.AtPeakHours
		}
		if price, ok := prices[d]; ok {
			r.Price = &price
			r.ScheduledCost, r.AtPeakCost, r.SavedCost = ptr(r.ScheduledHours*price), ptr(r.AtPeakHours*price), ptr(r.SavedHours*price)
		}
		out = append(out, r)
	}
	return out
}

func ptr(f float64) *float64 { return &f }

// ParsePrices reads "web=0.096,api=0.2" (several flags add up).
func ParsePrices(specs []string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, spec := range specs {
		for _, kv := range strings.Split(spec, ",") {
			k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			if !ok || k == "" {
				return nil, fmt.Errorf("price %q: write dimension=price per unit-hour, such as web=0.096", kv)
			}
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
				return nil, fmt.Errorf("price %q: %q is not a non-negative number", kv, v)
			}
			if _, dup := out[k]; dup {
				return nil, fmt.Errorf("price for %s given twice", k)
			}
			out[k] = f
		}
	}
	return out, nil
}

var reportHeader = []string{"stack", "show", "dimension", "scheduled_unit_hours", "peak_units", "at_peak_unit_hours", "saved_unit_hours", "saved_percent", "price_per_unit_hour", "scheduled_cost", "at_peak_cost", "saved_cost"}

func (r Row) fields() []string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return f(*v)
	}
	price := ""
	if r.Price != nil {
		price = strconv.FormatFloat(*r.Price, 'f', -1, 64)
	}
	return []string{r.Stack, r.Show, r.Dimension, f(r.ScheduledHours), strconv.FormatInt(r.Peak, 10), f(r.AtPeakHours), f(r.SavedHours), strconv.FormatFloat(r.SavedPercent, 'f', 1, 64),
		price, opt(r.ScheduledCost), opt(r.AtPeakCost), opt(r.SavedCost)}
}

// WriteCSV writes the report as CSV with a header row.
func (rep Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write(reportHeader)
	for _, r := range rep.Rows {
		_ = cw.Write(r.fields())
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes the report as an aligned table.
func (rep Report) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "capacity from %s to %s (%s), in unit-hours\n\n", rep.From.UTC().Format(time.RFC3339), rep.Until.UTC().Format(time.RFC3339), rep.Until.Sub(rep.From))
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "STACK\tSHOW\tDIMENSION\tSCHEDULED\tPEAK\tAT PEAK\tSAVED\tSAVED %\tCOST\tCOST AT PEAK\tSAVED COST\t")
	for _, r := range rep.Rows {
		f := r.fields()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], dash(f[9]), dash(f[10]), dash(f[11]))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
