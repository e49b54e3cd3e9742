package timeline

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	require.NoError(t, err)
	return loc
}

func mustOnSale(t *testing.T, s, zone string) time.Time {
	t.Helper()
	at, err := ParseOnSale(s, mustZone(t, zone))
	require.NoError(t, err)
	return at
}

func phase(name, start string, c Capacity) Phase {
	d, err := ParseOffset(start)
	if err != nil {
		panic(err)
	}
	return Phase{Name: name, Start: d, Capacity: c}
}

// render writes a schedule one step a line, so expectations read like the
// timeline a person would draw: "2026-11-30T21:00:00Z warm api=20 web=40".
func render(s Schedule) []string {
	out := []string{}
	for _, st := range s.Steps {
		out = append(out, st.At.UTC().Format(time.RFC3339)+" "+st.Phase+" "+fmtCap(st.Capacity))
	}
	return out
}

func fmtCap(c Capacity) string {
	parts := []string{}
	for _, d := range c.Dimensions() {
		parts = append(parts, fmt.Sprintf("%s=%d", d, c[d]))
	}
	return strings.Join(parts, " ")
}

func erasSydney(t *testing.T) Show {
	return Show{
		Name: "Eras Tour — Sydney N1", OnSale: mustOnSale(t, "2026-12-01T09:00:00", "Australia/Sydney"),
		Lead: 10 * time.Minute, Approved: true, Baseline: Capacity{"web": 2, "api": 2},
		Phases: []Phase{
			phase("warm", "-60m", Capacity{"web": 40, "api": 20}),
			phase("peak", "-5m", Capacity{"web": 120, "api": 60}),
			phase("tail", "+90m", Capacity{"web": 30, "api": 10}),
		},
		End: 3 * time.Hour,
	}
}

func TestSchedule_cases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		show func(t *testing.T) Show
		want []string
	}{
		{
			name: "design example with lead",
			show: erasSydney,
			// 09:00 AEDT is 22:00Z; increases 10m early, decreases on time.
			want: []string{
				"2026-11-30T20:50:00Z scheduled api=20 web=40",
				"2026-11-30T21:00:00Z warm api=20 web=40",
				"2026-11-30T21:45:00Z warm api=60 web=120",
				"2026-11-30T21:55:00Z peak api=60 web=120",
				"2026-11-30T23:30:00Z tail api=10 web=30",
				"2026-12-01T01:00:00Z ended api=2 web=2",
			},
		},
		{
			name: "minus 24h across the april dst change is 24 elapsed hours",
			show: func(t *testing.T) Show {
				// 2027-04-04 12:00 AEST (+10) is 02:00Z; 24 h earlier is
				// 2027-04-03T02:00Z, which Sydney clocks show as 13:00 AEDT.
				return Show{Name: "s", OnSale: mustOnSale(t, "2027-04-04T12:00:00", "Australia/Sydney"), Approved: true,
					Phases: []Phase{phase("warm", "-24h", Capacity{"web": 10}), phase("peak", "0s", Capacity{"web": 50})}, End: time.Hour}
			},
			want: []string{
				"2027-04-03T02:00:00Z warm web=10",
				"2027-04-04T02:00:00Z peak web=50",
				"2027-04-04T03:00:00Z ended web=0",
			},
		},
		{
			name: "phase below baseline and unnamed dimension at baseline",
			show: func(t *testing.T) Show {
				return Show{Name: "s", OnSale: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), Approved: true,
					Baseline: Capacity{"web": 5, "db": 3},
					Phases:   []Phase{phase("quiet", "0s", Capacity{"web": 1}), phase("peak", "10m", Capacity{"web": 9, "db": 7, "api": 4})}, End: 20 * time.Minute}
			},
			want: []string{
				"2027-01-01T00:00:00Z quiet api=0 db=3 web=1",
				"2027-01-01T00:10:00Z peak api=4 db=7 web=9",
				"2027-01-01T00:20:00Z ended api=0 db=3 web=5",
			},
		},
		{
			name: "lead reaches back over an earlier decrease",
			show: func(t *testing.T) Show {
				return Show{Name: "s", OnSale: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), Approved: true, Lead: 30 * time.Minute,
					Phases: []Phase{
						phase("warm", "-60m", Capacity{"web": 50}),
						phase("dip", "-30m", Capacity{"web": 10}),
						phase("peak", "-10m", Capacity{"web": 100}),
					}, End: time.Hour}
			},
			// The dip never lowers capacity: peak's lead window already covers it.
			want: []string{
				"2027-01-01T10:30:00Z scheduled web=50",
				"2027-01-01T11:00:00Z warm web=50",
				"2027-01-01T11:20:00Z warm web=100",
				"2027-01-01T11:30:00Z dip web=100",
				"2027-01-01T11:50:00Z peak web=100",
				"2027-01-01T13:00:00Z ended web=0",
			},
		},
		{
			name: "decrease with a partial dip inside the lead",
			show: func(t *testing.T) Show {
				return Show{Name: "s", OnSale: time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC), Approved: true, Lead: 10 * time.Minute,
					Phases: []Phase{
						phase("warm", "-60m", Capacity{"web": 50}),
						phase("dip", "-30m", Capacity{"web": 10}),
						phase("peak", "0s", Capacity{"web": 100}),
					}, End: time.Hour}
			},
			want: []string{
				"2027-01-01T10:50:00Z scheduled web=50",
				"2027-01-01T11:00:00Z warm web=50",
				"2027-01-01T11:30:00Z dip web=10",
				"2027-01-01T11:50:00Z dip web=100",
				"2027-01-01T12:00:00Z peak web=100",
				"2027-01-01T13:00:00Z ended web=0",
			},
		},
		{
			name: "new york local time",
			show: func(t *testing.T) Show {
				// 2027-03-14 10:00 EDT (-4, the day DST starts) is 14:00Z.
				return Show{Name: "msg", OnSale: mustOnSale(t, "2027-03-14T10:00:00", "America/New_York"), Approved: true,
					Phases: []Phase{phase("peak", "-8h", Capacity{"web": 3})}, End: time.Hour}
			},
			// -8h is 06:00Z, which New York clocks show as 01:00 EST.
			want: []string{"2027-03-14T06:00:00Z peak web=3", "2027-03-14T15:00:00Z ended web=0"},
		},
		{
			name: "unapproved show has no steps",
			show: func(t *testing.T) Show {
				s := erasSydney(t)
				s.Approved = false
				return s
			},
			want: []string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := tt.show(t)
			require.Empty(t, s.Validate())
			assert.Equal(t, tt.want, render(s.Schedule()))
		})
	}
}

func TestScheduleAt_boundaries(t *testing.T) {
	t.Parallel()
	sch := erasSydney(t).Schedule()
	second := time.Second
	first := sch.Steps[0].At
	phase, c := sch.At(first.Add(-second))
	assert.Equal(t, PhaseScheduled, phase)
	assert.Equal(t, Capacity{"web": 2, "api": 2}, c)
	for i, st := range sch.Steps {
		phase, c := sch.At(st.At)
		assert.Equal(t, st.Phase, phase, "at step %d", i)
		assert.Equal(t, st.Capacity, c, "at step %d", i)
		// Just before a boundary the previous step is in force and the
		// boundary is the next transition; at the boundary it is not.
		next, ok := sch.NextAfter(st.At.Add(-second))
		assert.True(t, ok)
		assert.Equal(t, st.At, next, "next just before step %d", i)
		next, ok = sch.NextAfter(st.At)
		if i+1 < len(sch.Steps) {
			assert.True(t, ok)
			assert.Equal(t, sch.Steps[i+1].At, next, "next at step %d", i)
		} else {
			assert.False(t, ok, "nothing follows the last step")
		}
	}
}

func TestValidate_problems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		mutate func(*Show)
		want   string
	}{
		{"empty name", func(s *Show) { s.Name = "" }, "name: must not be empty"},
		{"no phases", func(s *Show) { s.Phases = nil }, "phases: must list at least one phase"},
		{"out of order", func(s *Show) { s.Phases[2].Start = -10 * time.Minute }, "phases[2].start: -10m0s does not come after the start of phases[1] (-5m0s)"},
		{"equal starts", func(s *Show) { s.Phases[1].Start = -60 * time.Minute }, "phases[1].start: -1h0m0s does not come after"},
		{"duplicate names", func(s *Show) { s.Phases[2].Name = "warm" }, "phases[2].name: \"warm\" is already the name of phases[0]"},
		{"reserved name", func(s *Show) { s.Phases[0].Name = "ended" }, "phases[0].name: \"ended\" is reserved"},
		{"end not after last", func(s *Show) { s.End = 90 * time.Minute }, "end: +1h30m0s is not after the start of the last phase \"tail\" (+1h30m0s)"},
		{"negative capacity", func(s *Show) { s.Phases[1].Capacity["web"] = -1 }, "phases[1].capacity: web = -1 is negative"},
		{"negative baseline", func(s *Show) { s.Baseline["api"] = -3 }, "baseline: api = -3 is negative"},
		{"negative lead", func(s *Show) { s.Lead = -time.Minute }, "lead: must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := erasSydney(t)
			tt.mutate(&s)
			ps := s.Validate()
			require.Len(t, ps, 1, "%v", ps)
			assert.Contains(t, ps[0].Error(), tt.want)
		})
	}
}

func TestParseOnSale_zones(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, zone, want string
	}{
		{"2026-12-01T09:00:00", "Australia/Sydney", "2026-11-30T22:00:00Z"},
		{"2026-12-01T09:00", "Australia/Sydney", "2026-11-30T22:00:00Z"},
		{"2026-12-01T09:00:00+11:00", "UTC", "2026-11-30T22:00:00Z"},
		{"2026-12-01T09:00:00Z", "Australia/Sydney", "2026-12-01T09:00:00Z"},
		{"2027-06-01T09:00:00", "Australia/Sydney", "2027-05-31T23:00:00Z"},
		{"2027-04-04T01:59:59", "Australia/Sydney", "2027-04-03T14:59:59Z"},
		{"2027-04-04T03:00:00", "Australia/Sydney", "2027-04-03T17:00:00Z"},
		{"2027-10-03T01:59:59", "Australia/Sydney", "2027-10-02T15:59:59Z"},
		{"2027-10-03T03:00:00", "Australia/Sydney", "2027-10-02T16:00:00Z"},
		{"2027-07-04T20:00:00", "America/New_York", "2027-07-05T00:00:00Z"},
		{"2027-01-15T20:00:00", "America/New_York", "2027-01-16T01:00:00Z"},
		{"2027-01-15T20:00:00", "UTC", "2027-01-15T20:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.in+" "+tt.zone, func(t *testing.T) {
			t.Parallel()
			got, err := ParseOnSale(tt.in, mustZone(t, tt.zone))
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.Format(time.RFC3339))
		})
	}
}

func TestParseOnSale_gapAndFold(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, zone string
		fold     bool
		want     string
	}{
		{"2027-10-03T02:30:00", "Australia/Sydney", false,
			"2027-10-03T02:30:00 does not exist in Australia/Sydney (the clocks skip it when they go forward): write it with an offset, either 2027-10-03T02:30:00+11:00 or 2027-10-03T02:30:00+10:00"},
		{"2027-04-04T02:30:00", "Australia/Sydney", true,
			"2027-04-04T02:30:00 happens twice in Australia/Sydney (the clocks go back): write it with an offset, either 2027-04-04T02:30:00+11:00 (the first) or 2027-04-04T02:30:00+10:00 (the second)"},
		{"2027-03-14T02:30:00", "America/New_York", false,
			"2027-03-14T02:30:00 does not exist in America/New_York (the clocks skip it when they go forward): write it with an offset, either 2027-03-14T02:30:00-04:00 or 2027-03-14T02:30:00-05:00"},
		{"2027-11-07T01:30:00", "America/New_York", true,
			"2027-11-07T01:30:00 happens twice in America/New_York (the clocks go back): write it with an offset, either 2027-11-07T01:30:00-04:00 (the first) or 2027-11-07T01:30:00-05:00 (the second)"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseOnSale(tt.in, mustZone(t, tt.zone))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
			var fold *FoldError
			var gap *GapError
			assert.Equal(t, tt.fold, errors.As(err, &fold))
			assert.Equal(t, !tt.fold, errors.As(err, &gap))
		})
	}
	// The two readings the fold error offers are an hour apart and both valid.
	_, err := ParseOnSale("2027-04-04T02:30:00", mustZone(t, "Australia/Sydney"))
	var fold *FoldError
	require.ErrorAs(t, err, &fold)
	a, errA := ParseInstant(fold.Choices[0])
	b, errB := ParseInstant(fold.Choices[1])
	require.NoError(t, errA)
	require.NoError(t, errB)
	assert.Equal(t, time.Hour, b.Sub(a))
}

func TestParse_errors(t *testing.T) {
	t.Parallel()
	_, err := ParseOnSale("next tuesday", time.UTC)
	assert.ErrorContains(t, err, `"next tuesday" is not a timestamp`)
	_, err = ParseOnSale("2026-13-01T09:00:00", time.UTC)
	assert.ErrorContains(t, err, "is not a timestamp")
	_, err = LoadZone("Mars/Olympus_Mons")
	assert.ErrorContains(t, err, `"Mars/Olympus_Mons" is not a known IANA time zone`)
	_, err = LoadZone("Local")
	assert.ErrorContains(t, err, `"Local" is not an IANA time zone`)
	_, err = ParseOffset("90")
	assert.ErrorContains(t, err, `"90" is not an offset`)
	_, err = ParseOffset("1d")
	assert.ErrorContains(t, err, `"1d" is not an offset`)
	_, err = ParseOffset("1.5s")
	assert.ErrorContains(t, err, "not a whole number of seconds")
	_, err = ParseLead("-5m")
	assert.ErrorContains(t, err, `"-5m" is negative`)
	_, err = ParseInstant("2026-12-01T08:30:00")
	assert.ErrorContains(t, err, "is not an RFC 3339 timestamp with an offset")
	d, err := ParseOffset("+1h30m")
	require.NoError(t, err)
	assert.Equal(t, 90*time.Minute, d)
}
