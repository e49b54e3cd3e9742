package timeline

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestProfile_overlappingShows(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	a := Schedule{Name: "A", Approved: true, Baseline: Capacity{"web": 2}, Steps: []Step{
		{At: h(1), Phase: "peak", Capacity: Capacity{"web": 10}},
		{At: h(3), Phase: "ended", Capacity: Capacity{"web": 2}},
	}}
	b := Schedule{Name: "B", Approved: true, Baseline: Capacity{"web": 2}, Steps: []Step{
		{At: h(2), Phase: "peak", Capacity: Capacity{"web": 6}},
		{At: h(4), Phase: "ended", Capacity: Capacity{"web": 2}},
	}}
	p, err := Profile([]Schedule{a, b}, t0, h(5), Options{})
	require.NoError(t, err)
	var got []int64
	for _, r := range p {
		got = append(got, r.Capacity["web"])
	}
	// 0-1: 2, 1-3: 10 (max), 3-4: 6, 4-5: 2
	assert.Equal(t, []int64{2, 10, 10, 6, 2}, got)
	// 2 + 20 + 6 + 2 = 30 unit-hours.
	assert.InDelta(t, 30, Hours(p, h(5))["web"], 1e-9)
	assert.Equal(t, Capacity{"web": 10}, Peak(p))

	sum, err := Profile([]Schedule{a, b}, t0, h(5), Options{Combine: CombineSum})
	require.NoError(t, err)
	// 0-1: 4, 1-2: 12, 2-3: 16, 3-4: 8, 4-5: 4 → 44
	assert.InDelta(t, 44, Hours(sum, h(5))["web"], 1e-9)

	_, err = Profile([]Schedule{a, a}, t0, h(5), Options{})
	assert.ErrorContains(t, err, `both named "A"`)
}
