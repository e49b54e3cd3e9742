package calendar

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// valid is a request that passes every check of rules.
func valid() Request {
	return Request{Ticket: "TIX-123", Name: "Eras Tour Sydney N1", OnSale: "2026-12-01T09:00:00", TimeZone: "Australia/Sydney",
		Profile: "stadium", Demand: 300000, Approved: true}
}

// rules: now is 2026-03-01T11:00 in Sydney (daylight saving, +11:00), a year ahead at most.
var rules = Rules{Profiles: []string{"stadium", "arena"}, Now: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), Horizon: 8760 * time.Hour}

func TestCheck(t *testing.T) {
	// Sydney's clocks go forward at 02:00 on 2026-10-04 and back at 03:00
	// on 2026-04-05 (see TestSydneyChangesIn2026).
	cases := []struct {
		name  string
		edit  func(r *Request)
		rules *Rules
		want  string // "" for none
	}{
		{"valid", func(*Request) {}, nil, ""},
		{"valid without seconds", func(r *Request) { r.OnSale = "2026-12-01T09:00" }, nil, ""},
		{"unapproved and cancelled are not problems", func(r *Request) { r.Approved, r.Cancelled = false, true }, nil, ""},

		{"ticket empty", func(r *Request) { r.Ticket = "" }, nil, `ticket: "" is empty: give the request's Jira issue key, such as "TIX-123"`},
		{"ticket with a space", func(r *Request) { r.Ticket = "TIX 123" }, nil, `ticket: "TIX 123" has " " in it: use only A-Z, a-z, 0-9, "_", "." and "-", such as "TIX-123"`},
		{"ticket with a slash", func(r *Request) { r.Ticket = "TIX/1" }, nil, `ticket: "TIX/1" has "/" in it: use only A-Z, a-z, 0-9, "_", "." and "-", such as "TIX-123"`},
		{"ticket too long", func(r *Request) { r.Ticket = strings.Repeat("A", 65) }, nil, `ticket: "` + strings.Repeat("A", 40) + `"… is 65 characters long: use at most 64`},
		{"ticket of 64 is fine", func(r *Request) { r.Ticket = strings.Repeat("a", 64) }, nil, ""},

		{"name empty", func(r *Request) { r.Name = "" }, nil, `name: empty: give the show's name, such as "Eras Tour Sydney N1"`},
		{"name blank", func(r *Request) { r.Name = "  " }, nil, `name: empty: give the show's name, such as "Eras Tour Sydney N1"`},
		{"name too long", func(r *Request) { r.Name = strings.Repeat("é", 201) }, nil, "name: 201 characters long: use at most 200"},
		{"name of 200 is fine", func(r *Request) { r.Name = strings.Repeat("é", 200) }, nil, ""},
		{"name on two lines", func(r *Request) { r.Name = "Eras\nTour" }, nil, "name: has a control character (U+000A) in it: write the name on one line"},

		{"time_zone empty", func(r *Request) { r.TimeZone = "" }, nil, `time_zone: empty: give the venue's IANA time zone, such as "Australia/Sydney"`},
		{"time_zone misspelt", func(r *Request) { r.TimeZone = "Australia/Sydny" }, nil, `time_zone: "Australia/Sydny" is not an IANA time zone such as "Australia/Sydney"`},
		{"time_zone Local", func(r *Request) { r.TimeZone = "Local" }, nil, `time_zone: "Local" is not an IANA time zone such as "Australia/Sydney"`},
		{"time_zone checked before an empty on_sale", func(r *Request) { r.TimeZone, r.OnSale = "Mars/Olympus", "" }, nil, `time_zone: "Mars/Olympus" is not an IANA time zone such as "Australia/Sydney"`},

		{"on_sale empty", func(r *Request) { r.OnSale = "" }, nil, `on_sale: empty: give the on-sale's wall time in time_zone, such as "2026-12-01T09:00:00"`},
		{"on_sale not a time", func(r *Request) { r.OnSale = "next tuesday" }, nil, `on_sale: "next tuesday" is not a wall time such as "2026-12-01T09:00:00" (read in time_zone)`},
		{"on_sale with a space", func(r *Request) { r.OnSale = "2026-12-01 09:00" }, nil, `on_sale: "2026-12-01 09:00" is not a wall time such as "2026-12-01T09:00:00" (read in time_zone)`},
		{"on_sale in the gap", func(r *Request) { r.OnSale = "2026-10-04T02:30:00" }, nil,
			"on_sale: 2026-10-04T02:30:00 does not exist in Australia/Sydney (clocks go forward): use 2026-10-04T01:30:00+10:00 or 2026-10-04T03:30:00+11:00"},
		{"on_sale in the gap without seconds", func(r *Request) { r.OnSale = "2026-10-04T02:00" }, nil,
			"on_sale: 2026-10-04T02:00:00 does not exist in Australia/Sydney (clocks go forward): use 2026-10-04T01:00:00+10:00 or 2026-10-04T03:00:00+11:00"},
		{"on_sale in the fold", func(r *Request) { r.OnSale = "2026-04-05T02:30:00" }, nil,
			"on_sale: 2026-04-05T02:30:00 happens twice in Australia/Sydney (clocks go back): use 2026-04-05T02:30:00+11:00 (the first) or 2026-04-05T02:30:00+10:00 (the second)"},
		{"the fold's second reading, by its offset", func(r *Request) { r.OnSale = "2026-04-05T02:30:00+10:00" }, nil, ""},
		{"a reading of the gap, by its offset", func(r *Request) { r.OnSale = "2026-10-04T03:30:00+11:00" }, nil, ""},
		{"on_sale with an offset the zone is not at", func(r *Request) { r.OnSale = "2026-12-01T09:00:00+10:00" }, nil,
			"on_sale: 2026-12-01T09:00:00+10:00 has offset +10:00 but Australia/Sydney is at +11:00 then: write the wall time alone, such as 2026-12-01T09:00:00"},
		{"on_sale in UTC with Z", func(r *Request) { r.OnSale, r.TimeZone = "2026-12-01T09:00:00Z", "UTC" }, nil, ""},
		{"on_sale with a fraction", func(r *Request) { r.OnSale = "2026-12-01T09:00:00.5" }, nil,
			`on_sale: "2026-12-01T09:00:00.5" has a fraction of a second: write whole seconds, such as "2026-12-01T09:00:00"`},
		{"on_sale in the past", func(r *Request) { r.OnSale = "2025-01-01T09:00" }, nil, "on_sale: 2025-01-01T09:00:00 Australia/Sydney is in the past"},
		{"on_sale at now is past", func(r *Request) { r.OnSale = "2026-03-01T11:00:00" }, nil, "on_sale: 2026-03-01T11:00:00 Australia/Sydney is in the past"},
		{"on_sale a second after now", func(r *Request) { r.OnSale = "2026-03-01T11:00:01" }, nil, ""},
		{"on_sale at the horizon", func(r *Request) { r.OnSale = "2027-03-01T11:00:00" }, nil, ""},
		{"on_sale past the horizon", func(r *Request) { r.OnSale = "2027-03-01T11:00:01" }, nil,
			"on_sale: 2027-03-01T11:00:01 Australia/Sydney is more than 8760h ahead (the horizon)"},
		{"horizon of 90 minutes", func(r *Request) { r.OnSale = "2026-03-01T12:31:00" }, &Rules{Profiles: []string{"stadium"}, Now: rules.Now, Horizon: 90 * time.Minute},
			"on_sale: 2026-03-01T12:31:00 Australia/Sydney is more than 1h30m ahead (the horizon)"},
		{"no horizon", func(r *Request) { r.OnSale = "2030-01-01T09:00:00" }, &Rules{Profiles: []string{"stadium"}, Now: rules.Now}, ""},
		{"no now: the past is fine", func(r *Request) { r.OnSale = "2020-01-01T09:00:00" }, &Rules{Profiles: []string{"stadium"}}, ""},

		{"profile empty", func(r *Request) { r.Profile = "" }, nil, "profile: empty: use one of arena, stadium"},
		{"profile unknown", func(r *Request) { r.Profile = "festival" }, nil, `profile: "festival" is not a profile of this stack: use one of arena, stadium`},
		{"profile differs in case", func(r *Request) { r.Profile = "Stadium" }, nil, `profile: "Stadium" is not a profile of this stack: use one of arena, stadium`},
		{"no profiles known", func(*Request) {}, &Rules{}, `profile: "stadium" is not a profile of this stack, which describes none`},

		{"expected_demand zero", func(r *Request) { r.Demand = 0 }, nil, "expected_demand: 0 must be 1 or more"},
		{"expected_demand negative", func(r *Request) { r.Demand = -5 }, nil, "expected_demand: -5 must be 1 or more"},
		{"expected_demand one", func(r *Request) { r.Demand = 1 }, nil, ""},

		{"unreadable row", func(r *Request) { r.Invalid = `expected_demand: "lots" is not a whole number` }, nil, `expected_demand: "lots" is not a whole number`},
		{"ticket comes first", func(r *Request) { r.Ticket, r.Name, r.TimeZone, r.Demand = "", "", "Nowhere", 0 }, nil,
			`ticket: "" is empty: give the request's Jira issue key, such as "TIX-123"`},
		{"name before time_zone", func(r *Request) { r.Name, r.TimeZone = "", "Nowhere" }, nil, `name: empty: give the show's name, such as "Eras Tour Sydney N1"`},
		{"on_sale before profile", func(r *Request) { r.OnSale, r.Profile = "2026-10-04T02:30", "x" }, nil,
			"on_sale: 2026-10-04T02:30:00 does not exist in Australia/Sydney (clocks go forward): use 2026-10-04T01:30:00+10:00 or 2026-10-04T03:30:00+11:00"},
		{"profile before expected_demand", func(r *Request) { r.Profile, r.Demand = "x", 0 }, nil, `profile: "x" is not a profile of this stack: use one of arena, stadium`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := valid()
			tc.edit(&r)
			ru := rules
			if tc.rules != nil {
				ru = *tc.rules
			}
			err := r.Check(ru)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
			assert.LessOrEqual(t, utf8.RuneCountInString(err.Error()), 300, "fits a Jira comment")
		})
	}
}

// TestCheck_shortMessages: long values and long profile lists are cut, so
// every message fits a Jira comment.
func TestCheck_shortMessages(t *testing.T) {
	many := make([]string, 80)
	for i := range many {
		many[i] = strings.Repeat("p", 10) + string(rune('a'+i%26)) + strings.Repeat("q", i/26)
	}
	for _, r := range []Request{
		{Ticket: strings.Repeat("x", 1000) + " "},
		{Ticket: "T-1", Name: "n", TimeZone: strings.Repeat("Z", 1000)},
		{Ticket: "T-1", Name: "n", TimeZone: "UTC", OnSale: strings.Repeat("9", 1000)},
		{Ticket: "T-1", Name: "n", TimeZone: "UTC", OnSale: "2026-12-01T09:00:00", Profile: strings.Repeat("p", 1000)},
		{Ticket: "T-1", Invalid: strings.Repeat("why ", 200)},
	} {
		err := r.Check(Rules{Profiles: many})
		require.Error(t, err)
		assert.LessOrEqual(t, utf8.RuneCountInString(err.Error()), 300, err.Error())
	}
	err := Request{Ticket: "T-1", Name: "n", TimeZone: "UTC", OnSale: "2026-12-01T09:00:00", Profile: "festival"}.Check(Rules{Profiles: many})
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), `profile: "festival" is not a profile of this stack: use one of pppppppppp`), err.Error())
	assert.True(t, strings.HasSuffix(err.Error(), "…"), err.Error())
}

// TestSydneyChangesIn2026 pins the daylight-saving changes the cases above
// rely on, from Go's own zone data.
func TestSydneyChangesIn2026(t *testing.T) {
	loc, err := time.LoadLocation("Australia/Sydney")
	require.NoError(t, err)
	var changes []string
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
	_, prev := at.Zone()
	for ; at.Year() == 2026; at = at.Add(15 * time.Minute) {
		if _, off := at.Zone(); off != prev {
			changes = append(changes, at.Format(time.RFC3339))
			prev = off
		}
	}
	assert.Equal(t, []string{"2026-04-05T02:00:00+10:00", "2026-10-04T03:00:00+11:00"}, changes)
}

func TestOnSaleAt(t *testing.T) {
	cases := []struct{ onSale, zone, want, err string }{
		{"2026-12-01T09:00:00", "Australia/Sydney", "2026-11-30T22:00:00Z", ""},
		{"2026-12-01T09:00", "Australia/Sydney", "2026-11-30T22:00:00Z", ""},
		{"2026-07-01T09:00:00", "Australia/Sydney", "2026-06-30T23:00:00Z", ""}, // winter: +10:00
		{"2026-12-01T09:00:00", "Australia/Brisbane", "2026-11-30T23:00:00Z", ""},
		{"2026-04-05T02:30:00+11:00", "Australia/Sydney", "2026-04-04T15:30:00Z", ""},
		{"2026-04-05T02:30:00+10:00", "Australia/Sydney", "2026-04-04T16:30:00Z", ""},
		{"2026-12-01T09:00:00", "UTC", "2026-12-01T09:00:00Z", ""},
		{"2026-10-04T02:30:00", "Australia/Sydney", "", "on_sale: 2026-10-04T02:30:00 does not exist in Australia/Sydney"},
		{"2026-12-01T09:00:00", "Australia/Sydny", "", `time_zone: "Australia/Sydny" is not an IANA time zone`},
		{"", "UTC", "", "on_sale: empty"},
	}
	for _, tc := range cases {
		r := valid()
		r.OnSale, r.TimeZone = tc.onSale, tc.zone
		got, err := r.OnSaleAt()
		if tc.err != "" {
			require.Error(t, err, tc.onSale)
			assert.Contains(t, err.Error(), tc.err)
			continue
		}
		require.NoError(t, err, tc.onSale)
		assert.Equal(t, tc.want, got.Format(time.RFC3339), tc.onSale)
		assert.Equal(t, time.UTC, got.Location(), "in UTC")
	}
}

func TestSorted(t *testing.T) {
	rs := []Request{{Ticket: "TIX-2", Name: "a"}, {Ticket: "TIX-10"}, {Ticket: "TIX-2", Name: "b"}, {Ticket: "TIX-1"}}
	Sorted(rs)
	var got []string
	for _, r := range rs {
		got = append(got, r.Ticket+r.Name)
	}
	assert.Equal(t, []string{"TIX-1", "TIX-10", "TIX-2a", "TIX-2b"}, got, "by ticket as text, stable")
}
