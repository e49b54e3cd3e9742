package showstate

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

func testShow(t *testing.T, name string, onSale time.Time) timeline.Schedule {
	t.Helper()
	s := timeline.Show{Name: name, OnSale: onSale, Approved: true, Baseline: timeline.Capacity{"web": 2}, End: time.Hour,
		Phases: []timeline.Phase{
			{Name: "warm", Start: -10 * time.Minute, Capacity: timeline.Capacity{"web": 10}},
			{Name: "peak", Start: 0, Capacity: timeline.Capacity{"web": 50}},
			{Name: "tail", Start: 30 * time.Minute, Capacity: timeline.Capacity{"web": 20}},
		}}
	require.Empty(t, s.Validate())
	return s.Schedule()
}

// document is a state document holding the shows, written through the
// contract's own types as the provider writes them: version 0 stores each
// schedule as an object, version 1 as a string of JSON.
func document(t *testing.T, version int, onSale time.Time, shows ...timeline.Schedule) []byte {
	t.Helper()
	var instances []map[string]any
	for _, s := range shows {
		var schedule any = NewScheduleV0(s, onSale)
		if version == 1 {
			v1, err := NewScheduleV1(s, onSale)
			require.NoError(t, err)
			schedule = string(v1)
		}
		instances = append(instances, map[string]any{"schema_version": version, "attributes": map[string]any{"schedule": schedule}})
	}
	b, err := json.Marshal(map[string]any{"version": 4, "serial": 7, "resources": []map[string]any{
		{"mode": "managed", "type": ShowType, "name": "s", "instances": instances},
		{"mode": "data", "type": CapacityType, "name": "fleet", "instances": []map[string]any{{"attributes": map[string]any{
			"combine": "sum", "floor": map[string]float64{"web": 3}, "ceiling": nil}}}},
	}})
	require.NoError(t, err)
	return b
}

func TestParse_roundTrip(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	want := testShow(t, "a", onSale)
	for _, version := range []int{0, 1} {
		st, err := Parse(document(t, version, onSale, want))
		require.NoError(t, err, "schema version %d", version)
		assert.Equal(t, int64(7), st.Serial)
		require.Len(t, st.Shows, 1)
		assert.Equal(t, want, st.Shows[0], "what the provider writes in schema version %d, the orchestrator reads back unchanged", version)
		assert.Equal(t, timeline.Options{Combine: "sum", Floor: timeline.Capacity{"web": 3}}, st.Fleet)
	}

	empty, err := Parse(nil)
	require.NoError(t, err)
	assert.Empty(t, empty.Shows)
}

// TestParse_bothFormsInOneState: while a stack upgrades, one state may hold
// shows of both schema versions (a count grown by the new provider before
// the old instances were written again).
func TestParse_bothFormsInOneState(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	a, b := testShow(t, "a", onSale), testShow(t, "b", onSale.Add(time.Hour))
	v1, err := NewScheduleV1(b, onSale.Add(time.Hour))
	require.NoError(t, err)
	doc, err := json.Marshal(map[string]any{"version": 4, "resources": []map[string]any{
		{"mode": "managed", "type": ShowType, "name": "old", "instances": []map[string]any{{"schema_version": 0, "attributes": map[string]any{"schedule": NewScheduleV0(a, onSale)}}}},
		{"mode": "managed", "type": ShowType, "name": "new", "instances": []map[string]any{{"schema_version": 1, "attributes": map[string]any{"schedule": string(v1)}}}},
	}})
	require.NoError(t, err)
	st, err := Parse(doc)
	require.NoError(t, err)
	assert.Equal(t, []timeline.Schedule{a, b}, st.Shows)
}

func TestParse_errors(t *testing.T) {
	t.Parallel()
	tests := []struct{ doc, want string }{
		{`{`, "reading the state: unexpected end of JSON input"},
		{`{"version": 3}`, "format version 3 is not supported"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {}}]}]}`, "hotshow_show.x instance 0 has no schedule"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": {"name": "n", "on_sale_at": "soon"}}}]}]}`, `hotshow_show.x instance 0: on_sale_at: "soon" is not an RFC 3339 timestamp`},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": {"name": "n", "on_sale_at": "2027-01-01T00:00:00Z", "steps": [{"at": "2027-01-01T00:00:00Z"}, {"at": "2027-01-01T00:00:00Z"}]}}}]}]}`, "steps[1].at 2027-01-01T00:00:00Z does not come after the step before it"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": {"name": 5}}}]}]}`, "hotshow_show.x instance 0: schedule: json: cannot unmarshal number"},
		// Schema version 1: the same checks on a string of JSON.
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": null}}]}]}`, "hotshow_show.x instance 0 has no schedule"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": "{\"name\": \"n\", \"on_sale_at\": \"soon\", \"approved\": true, \"baseline\": {}, \"steps\": []}"}}]}]}`, `hotshow_show.x instance 0: on_sale_at: "soon" is not an RFC 3339 timestamp`},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": "{\"name\": \"n\""}}]}]}`, "hotshow_show.x instance 0: the schedule is not valid JSON"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": ""}}]}]}`, "hotshow_show.x instance 0: the schedule is empty"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": 7}}]}]}`, "hotshow_show.x instance 0: schedule is neither an object (schema version 0) nor a string of JSON (schema version 1)"},
	}
	for _, tt := range tests {
		_, err := Parse([]byte(tt.doc))
		assert.ErrorContains(t, err, tt.want)
	}
}

// FuzzParseState: a state document (input too: anyone with write access to
// the backend writes it) is either refused or read into valid schedules.
func FuzzParseState(f *testing.F) {
	f.Add([]byte(`{"version":4,"serial":3,"resources":[]}`))
	f.Add([]byte(`{"version":4,"resources":[{"mode":"managed","type":"hotshow_show","name":"x","instances":[{"attributes":{"schedule":{"name":"n","on_sale_at":"2027-01-01T00:00:00Z","approved":true,"baseline":{"web":1},"steps":[{"at":"2027-01-01T00:00:00Z","phase":"p","capacity":{"web":2}}]}}}]}]}`))
	f.Add([]byte(`{"version":4,"resources":[{"mode":"managed","type":"hotshow_show","name":"x","instances":[{"attributes":{}}]}]}`))
	f.Add([]byte(`{"version":4,"resources":[{"mode":"managed","type":"hotshow_show","name":"x","instances":[{"attributes":{"schedule":"{\"name\":\"n\",\"on_sale_at\":\"2027-01-01T00:00:00Z\",\"approved\":true,\"baseline\":{\"web\":1},\"steps\":[{\"at\":\"2027-01-01T00:00:00Z\",\"phase\":\"p\",\"capacity\":{\"web\":2}}]}"}}]}]}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		st, err := Parse(doc)
		if err != nil {
			return
		}
		for _, s := range st.Shows {
			for i := 1; i < len(s.Steps); i++ {
				if !s.Steps[i].At.After(s.Steps[i-1].At) {
					t.Fatalf("accepted steps out of order in show %q", s.Name)
				}
			}
		}
		ts := timeline.Transitions(st.Shows)
		for i := 1; i < len(ts); i++ {
			if !ts[i].After(ts[i-1]) {
				t.Fatal("transitions not strictly increasing")
			}
		}
	})
}

// TestParse_checks reads the check blocks from the state's check_results,
// as Terraform 1.5.7 wrote them for a stack with two checks and a resource
// precondition (which is not a readiness check).
func TestParse_checks(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"version":4,"serial":2,"resources":[],"check_results":[
 {"object_kind":"check","config_addr":"check.web_in_service","status":"fail","objects":[{"object_addr":"check.web_in_service","status":"fail","failure_messages":["web: 40 of 120 in service"]}]},
 {"object_kind":"resource","config_addr":"terraform_data.web","status":"pass","objects":[{"object_addr":"terraform_data.web","status":"pass"}]},
 {"object_kind":"check","config_addr":"module.quota.check.vcpu","status":"pass","objects":[{"object_addr":"module.quota.check.vcpu","status":"pass"}]}]}`)
	st, err := Parse(doc)
	require.NoError(t, err)
	assert.Equal(t, []string{"check.web_in_service", "module.quota.check.vcpu"}, st.Checks)

	none, err := Parse([]byte(`{"version":4,"serial":1,"resources":[],"check_results":null}`))
	require.NoError(t, err)
	assert.Empty(t, none.Checks)
}

// TestParse_calendar reads a hotshow_calendar's profiles and requests.
func TestParse_calendar(t *testing.T) {
	t.Parallel()
	doc := []byte(`{"version":4,"serial":3,"resources":[{"mode":"data","type":"hotshow_calendar","name":"requests","instances":[{"attributes":{
 "profiles":["arena","stadium"],
 "requests":{"TIX-1":{"ticket":"TIX-1","name":"Eras N1","on_sale_at":"2026-12-01T09:00:00","time_zone":"Australia/Sydney","on_sale_at_utc":"2026-11-30T22:00:00Z","profile":"stadium","expected_demand":300000,"approved":true,"requester":"promoter@example.com"}},
 "invalid":{"TIX-2":"time_zone: \"Mars/Olympus\" is not an IANA time zone"},
 "cancelled":["TIX-3"]}}]}]}`)
	st, err := Parse(doc)
	require.NoError(t, err)
	require.NotNil(t, st.Calendar)
	assert.Equal(t, []string{"arena", "stadium"}, st.Calendar.Profiles)
	assert.Equal(t, map[string]CalendarRequest{"TIX-1": {Ticket: "TIX-1", Name: "Eras N1", OnSaleUTC: "2026-11-30T22:00:00Z", Profile: "stadium", Approved: true, Requester: "promoter@example.com"}}, st.Calendar.Requests)
	assert.Equal(t, map[string]string{"TIX-2": `time_zone: "Mars/Olympus" is not an IANA time zone`}, st.Calendar.Invalid)
	assert.Equal(t, []string{"TIX-3"}, st.Calendar.Cancelled)
}
