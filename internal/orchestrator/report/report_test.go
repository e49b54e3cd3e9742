package report

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Two shows on one fleet, overlapping for an hour, over a 10-hour report:
//
//	A: baseline web 2; web 10 from 01:00, 30 from 02:00, back to 2 at 04:00
//	B: baseline web 2, api 1; web 20 and api 5 from 03:00, back at 06:00
func TestRows_twoOverlappingShows(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	a := timeline.Schedule{Name: "A", Approved: true, Baseline: timeline.Capacity{"web": 2}, Steps: []timeline.Step{
		{At: h(1), Phase: "warm", Capacity: timeline.Capacity{"web": 10}},
		{At: h(2), Phase: "peak", Capacity: timeline.Capacity{"web": 30}},
		{At: h(4), Phase: "ended", Capacity: timeline.Capacity{"web": 2}},
	}}
	b := timeline.Schedule{Name: "B", Approved: true, Baseline: timeline.Capacity{"web": 2, "api": 1}, Steps: []timeline.Step{
		{At: h(3), Phase: "peak", Capacity: timeline.Capacity{"web": 20, "api": 5}},
		{At: h(6), Phase: "ended", Capacity: timeline.Capacity{"web": 2, "api": 1}},
	}}
	prices := map[string]float64{"web": 0.1}
	rows, err := Rows("ticketing", showstate.State{Shows: []timeline.Schedule{b, a}}, h(0), h(10), prices)
	require.NoError(t, err)

	type fig struct {
		show, dim            string
		scheduled, peak, atP float64
	}
	// By hand, hour by hour:
	//   A web: 2 + 10 + 30 + 30 + 2*6              = 84;  peak 30 → 300
	//   B api: 1*3 + 5*3 + 1*4                     = 22;  peak 5  → 50
	//   B web: 2*3 + 20*3 + 2*4                    = 74;  peak 20 → 200
	//   all api (max): as B                        = 22;  peak 5  → 50
	//   all web (max): 2, 10, 30, 30, 20, 20, 2*4  = 120; peak 30 → 300
	want := []fig{
		{"A", "web", 84, 30, 300},
		{"B", "api", 22, 5, 50},
		{"B", "web", 74, 20, 200},
		{AllShows, "api", 22, 5, 50},
		{AllShows, "web", 120, 30, 300},
	}
	require.Len(t, rows, len(want))
	for i, w := range want {
		r := rows[i]
		assert.Equal(t, "ticketing", r.Stack)
		assert.Equal(t, w.show, r.Show, "row %d", i)
		assert.Equal(t, w.dim, r.Dimension, "row %d", i)
		assert.InDelta(t, w.scheduled, r.ScheduledHours, 1e-9, "row %d scheduled", i)
		assert.Equal(t, int64(w.peak), r.Peak, "row %d peak", i)
		assert.InDelta(t, w.atP, r.AtPeakHours, 1e-9, "row %d at peak", i)
		assert.InDelta(t, w.atP-w.scheduled, r.SavedHours, 1e-9, "row %d saved", i)
		if w.dim == "web" {
			require.NotNil(t, r.SavedCost, "row %d", i)
			assert.InDelta(t, (w.atP-w.scheduled)*0.1, *r.SavedCost, 1e-9)
		} else {
			assert.Nil(t, r.Price, "no price for api")
		}
	}
	assert.InDelta(t, 60, rows[4].SavedPercent, 1e-9) // 180 of 300

	rep := Report{From: h(0), Until: h(10), Hours: 10, Rows: rows}
	var buf bytes.Buffer
	require.NoError(t, rep.WriteCSV(&buf))
	recs, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 6)
	assert.Equal(t, reportHeader, recs[0])
	assert.Equal(t, []string{"ticketing", "(all shows)", "web", "120.00", "30", "300.00", "180.00", "60.0", "0.1", "12.00", "30.00", "18.00"}, recs[5])
	buf.Reset()
	require.NoError(t, rep.WriteTable(&buf))
	assert.Contains(t, buf.String(), "capacity from 2026-12-01T00:00:00Z to 2026-12-01T10:00:00Z (10h0m0s), in unit-hours")

	_, err = Rows("s", showstate.State{}, h(1), h(1), nil)
	assert.ErrorContains(t, err, "is not after its start")
}

func TestParsePrices(t *testing.T) {
	p, err := ParsePrices([]string{"web=0.096,api=0.2", "db=1"})
	require.NoError(t, err)
	assert.Equal(t, map[string]float64{"web": 0.096, "api": 0.2, "db": 1}, p)
	for spec, want := range map[string]string{
		"web":         `price "web": write dimension=price per unit-hour`,
		"web=abc":     `"abc" is not a non-negative number`,
		"web=-1":      `"-1" is not a non-negative number`,
		"web=1,web=2": "price for web given twice",
		"=3":          `price "=3": write dimension=price`,
		"web=NaN":     `"NaN" is not a non-negative number`,
	} {
		_, err := ParsePrices([]string{spec})
		assert.ErrorContains(t, err, want, spec)
	}
}
