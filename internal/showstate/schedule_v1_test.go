package showstate

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// TestScheduleV1_layout pins the stored JSON: one line, keys in a fixed
// order, dimensions by name, no HTML escaping. A change here changes every
// show's schedule in every stack's next plan.
func TestScheduleV1_layout(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	s := timeline.Show{Name: "Rock & Roll — <Live>", OnSale: onSale, Lead: 5 * time.Minute, Approved: true,
		Baseline: timeline.Capacity{"web": 2, "api": 1}, End: time.Hour,
		Phases: []timeline.Phase{{Name: "peak", Start: 0, Capacity: timeline.Capacity{"web": 50}}}}
	require.Empty(t, s.Validate())
	got, err := NewScheduleV1(s.Schedule(), onSale)
	require.NoError(t, err)
	assert.Equal(t, ScheduleV1(`{"name":"Rock & Roll — <Live>","on_sale_at":"2027-01-01T12:00:00Z","approved":true,"baseline":{"api":1,"web":2},`+
		`"steps":[{"at":"2027-01-01T11:55:00Z","phase":"scheduled","capacity":{"api":1,"web":50}},`+
		`{"at":"2027-01-01T12:00:00Z","phase":"peak","capacity":{"api":1,"web":50}},`+
		`{"at":"2027-01-01T13:00:00Z","phase":"ended","capacity":{"api":1,"web":2}}]}`), got)
}

func TestScheduleV1_roundTrip(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	approved := testShow(t, "a", onSale)
	unapproved := timeline.Show{Name: "u", OnSale: onSale, End: time.Hour, Phases: []timeline.Phase{{Name: "p", Start: 0}}}.Schedule()
	for _, want := range []timeline.Schedule{approved, unapproved} {
		v, err := NewScheduleV1(want, onSale)
		require.NoError(t, err)
		got, err := v.Schedule()
		require.NoError(t, err)
		assert.Equal(t, want.Name, got.Name)
		assert.Equal(t, want.Approved, got.Approved)
		assert.Equal(t, want.Steps, got.Steps)
		assert.Equal(t, map[string]int64(want.Baseline), map[string]int64(got.Baseline))
	}
}

// TestScheduleV0_V1 is what the state upgrader relies on: a schedule read
// back from a version 0 object, whose empty maps and lists may come back
// nil, encodes to the very string the show computes.
func TestScheduleV0_V1(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	unapproved := timeline.Show{Name: "u", OnSale: onSale, End: time.Hour, Phases: []timeline.Phase{{Name: "p", Start: 0}}}.Schedule()
	computed, err := NewScheduleV1(unapproved, onSale)
	require.NoError(t, err)
	assert.Equal(t, ScheduleV1(`{"name":"u","on_sale_at":"2027-01-01T12:00:00Z","approved":false,"baseline":{},"steps":[]}`), computed)
	readBack, err := ScheduleV0{Name: "u", OnSaleAt: "2027-01-01T12:00:00Z"}.V1()
	require.NoError(t, err)
	assert.Equal(t, computed, readBack)

	withNilCapacity, err := ScheduleV0{Name: "n", OnSaleAt: "2027-01-01T12:00:00Z", Approved: true, Steps: []StepV0{{At: "2027-01-01T12:00:00Z", Phase: "p"}}}.V1()
	require.NoError(t, err)
	assert.Contains(t, string(withNilCapacity), `"capacity":{}`)
}

// TestScheduleV1_anyKeyOrder: a schedule written by hand with Terraform's
// jsonencode (keys sorted, numbers as numbers) is read the same.
func TestScheduleV1_anyKeyOrder(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	want := testShow(t, "a", onSale)
	v := ScheduleV1(`{"approved":true,"baseline":{"web":2},"name":"a","on_sale_at":"2027-01-01T12:00:00Z","steps":[
	  {"at":"2027-01-01T11:50:00Z","capacity":{"web":10},"phase":"warm"},
	  {"at":"2027-01-01T12:00:00Z","capacity":{"web":50},"phase":"peak"},
	  {"at":"2027-01-01T12:30:00Z","capacity":{"web":20},"phase":"tail"},
	  {"at":"2027-01-01T13:00:00Z","capacity":{"web":2},"phase":"ended"}]}`)
	got, err := v.Schedule()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestScheduleV1_errors(t *testing.T) {
	t.Parallel()
	const head = `"name":"a","on_sale_at":"2027-01-01T00:00:00Z","approved":true`
	tests := []struct{ json, want string }{
		{``, "the schedule is empty: it must be a JSON object"},
		{`null`, "the schedule is null: it must be a JSON object"},
		{`"{}"`, "the schedule must be a JSON object, not a JSON string"},
		{`[]`, "the schedule must be a JSON object, not a JSON array"},
		{`{`, "the schedule is not valid JSON: it ends early"},
		{`{"name": nope}`, "the schedule is not valid JSON: invalid character 'o' in literal null (expecting 'u') (at byte 11)"},
		{`{` + head + `,"baseline":{},"steps":[]} {}`, "the schedule: more data after the object"},
		{`{"name":"a"}`, "the schedule: missing or null: approved, baseline, on_sale_at, steps (a schedule has the keys name, on_sale_at, approved, baseline and steps)"},
		{`{` + head + `,"baseline":null,"steps":[]}`, "the schedule: missing or null: baseline"},
		{`{` + head + `,"aproved":true,"baseline":{},"steps":[]}`, `the schedule: unknown key "aproved" (a schedule has the keys name, on_sale_at, approved, baseline and steps)`},
		{`{"name":5,"on_sale_at":"2027-01-01T00:00:00Z","approved":true,"baseline":{},"steps":[]}`, "name: must be a string, not a JSON number"},
		{`{"name":"a","on_sale_at":"2027-01-01T00:00:00Z","approved":"yes","baseline":{},"steps":[]}`, "approved: must be true or false, not a JSON string"},
		{`{` + head + `,"baseline":{},"steps":{}}`, "steps: must be a list, not a JSON object"},
		{`{` + head + `,"baseline":{"web":-1},"steps":[]}`, `baseline["web"]: -1 is negative`},
		{`{` + head + `,"baseline":{"web":1.5},"steps":[]}`, `baseline["web"]: 1.5 is not a whole number`},
		{`{` + head + `,"baseline":{"web":"2"},"steps":[]}`, `baseline["web"]: "2" is not a number`},
		{`{` + head + `,"baseline":{"web":1e30},"steps":[]}`, `baseline["web"]: 1e30 is too large`},
		{`{` + head + `,"baseline":{},"steps":[{"at":1,"phase":"p","capacity":{}}]}`, "steps[0].at: must be a string, not a JSON number"},
		{`{` + head + `,"baseline":{},"steps":[{"at":"2027-01-01T00:00:00Z","phase":"p"}]}`, "steps[0]: missing or null: capacity (a step has the keys at, phase and capacity)"},
		{`{` + head + `,"baseline":{},"steps":[null]}`, "steps[0] is null: it must be a JSON object"},
		{`{` + head + `,"baseline":{},"steps":[{"at":"2027-01-01T00:00:00Z","phase":"p","capacity":{},"lead":"5m"}]}`, `steps[0]: unknown key "lead" (a step has the keys at, phase and capacity)`},
		{`{` + head + `,"baseline":{},"steps":[{"at":"2027-01-01T00:00:00Z","phase":"p","capacity":{"web":[1]}}]}`, `steps[0].capacity["web"]: [1] is not a number`},
		{`{` + head + `,"baseline":{},"steps":[{"at":"2027-01-01T00:00:00Z","phase":"p","capacity":{"web":-2}}]}`, `steps[0].capacity["web"]: -2 is negative`},
		{`{` + head + `,"baseline":{},"steps":[{"at":"noon","phase":"p","capacity":{}}]}`, `steps[0].at: "noon" is not an RFC 3339 timestamp`},
		{`{` + head + `,"baseline":{},"steps":[{"at":"2027-01-01T01:00:00Z","phase":"p","capacity":{}},{"at":"2027-01-01T00:00:00Z","phase":"q","capacity":{}}]}`, "steps[1].at 2027-01-01T00:00:00Z does not come after the step before it"},
		{`{"name":"a","on_sale_at":"soon","approved":true,"baseline":{},"steps":[]}`, `on_sale_at: "soon" is not an RFC 3339 timestamp`},
	}
	for _, tt := range tests {
		_, err := ScheduleV1(tt.json).Schedule()
		assert.ErrorContains(t, err, tt.want, "%s", tt.json)
	}
}
