package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
)

// calendarRows is a calendar with a request of every kind: valid (approved
// or not, on-sale passed or not), cancelled, and left out for each reason.
const calendarRows = `[
  {"ticket": "TIX-1", "name": "Eras Sydney N1", "on_sale": "2026-12-01T09:00", "time_zone": "Australia/Sydney", "profile": "stadium", "expected_demand": 300000, "approved": true, "requester": "ana@example.com"},
  {"ticket": "TIX-2", "name": "Perth Arena", "on_sale": "2026-12-02T10:00:00", "time_zone": "Australia/Perth", "profile": "arena", "expected_demand": 20000, "approved": false},
  {"ticket": "TIX-3", "name": "Called off", "on_sale": "2026-12-03T09:00:00", "time_zone": "Australia/Sydny", "profile": "arena", "expected_demand": 1, "cancelled": true},
  {"ticket": "TIX-4", "name": "Misspelt zone", "on_sale": "2026-12-04T09:00:00", "time_zone": "Australia/Sydny", "profile": "arena", "expected_demand": 100},
  {"ticket": "TIX-5", "name": "In the gap", "on_sale": "2026-10-04T02:30:00", "time_zone": "Australia/Sydney", "profile": "arena", "expected_demand": 100},
  {"ticket": "TIX-6", "name": "Festival", "on_sale": "2026-12-06T09:00:00", "time_zone": "Australia/Sydney", "profile": "festival", "expected_demand": 100},
  {"ticket": "TIX-7", "name": "Second reading", "on_sale": "2026-04-05T02:30:00+10:00", "time_zone": "Australia/Sydney", "profile": "arena", "expected_demand": 100, "approved": true},
  {"ticket": "TIX-8", "name": "Long ago", "on_sale": "2020-01-01T09:00:00", "time_zone": "UTC", "profile": "arena", "expected_demand": 100, "approved": true},
  {"ticket": "TIX-9", "name": "Lots", "on_sale": "2026-12-09T09:00:00", "time_zone": "UTC", "profile": "arena", "expected_demand": "lots"}
]`

// calendarShows is a data source over src and a show for each request.
func calendarShows(src string) string {
	return fmt.Sprintf(`
data "hotshow_calendar" "x" {
  %s
  profiles = ["arena", "stadium"]
}

resource "hotshow_show" "requested" {
  for_each   = data.hotshow_calendar.x.requests
  name       = each.value.name
  on_sale_at = each.value.on_sale_at
  time_zone  = each.value.time_zone
  approved   = each.value.approved
  phases     = [{ name = "peak", start = "-5m", capacity = { web = ceil(each.value.expected_demand / 60 / 150) } }]
  end        = "+1h"
}
`, src)
}

func writeCalendar(t *testing.T, path, rows string) {
	t.Helper()
	require.NoError(t, os.WriteFile(path, []byte(rows), 0o644))
}

func calendarRequest(ticket, name, onSaleAt, zone, utc, profile string, demand int64, approved bool, requester knownvalue.Check) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"ticket": knownvalue.StringExact(ticket), "name": knownvalue.StringExact(name), "on_sale_at": knownvalue.StringExact(onSaleAt),
		"time_zone": knownvalue.StringExact(zone), "on_sale_at_utc": knownvalue.StringExact(utc), "profile": knownvalue.StringExact(profile),
		"expected_demand": knownvalue.Int64Exact(demand), "approved": knownvalue.Bool(approved), "requester": requester,
	})
}

// TestAccCalendarDataSource_file reads a file calendar into shows, then
// follows the calendar as a request is cancelled and another is fixed.
func TestAccCalendarDataSource_file(t *testing.T) {
	file := filepath.Join(t.TempDir(), "calendar.json")
	writeCalendar(t, file, calendarRows)
	config := calendarShows(fmt.Sprintf("file = %q", file))
	ds := "data.hotshow_calendar.x"
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// The requests are known at plan time, so is every show.
					plancheck.ExpectResourceAction(`hotshow_show.requested["TIX-1"]`, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(`hotshow_show.requested["TIX-1"]`, tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-11-30T22:00:00Z")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("requests"), knownvalue.MapExact(map[string]knownvalue.Check{
						"TIX-1": calendarRequest("TIX-1", "Eras Sydney N1", "2026-12-01T09:00:00", "Australia/Sydney", "2026-11-30T22:00:00Z", "stadium", 300000, true, knownvalue.StringExact("ana@example.com")),
						"TIX-2": calendarRequest("TIX-2", "Perth Arena", "2026-12-02T10:00:00", "Australia/Perth", "2026-12-02T02:00:00Z", "arena", 20000, false, knownvalue.Null()),
						// The fold's second reading keeps its offset: the wall time alone would be refused.
						"TIX-7": calendarRequest("TIX-7", "Second reading", "2026-04-05T02:30:00+10:00", "Australia/Sydney", "2026-04-04T16:30:00Z", "arena", 100, true, knownvalue.Null()),
						// No check against the clock: a show stays after its on-sale.
						"TIX-8": calendarRequest("TIX-8", "Long ago", "2020-01-01T09:00:00", "UTC", "2020-01-01T09:00:00Z", "arena", 100, true, knownvalue.Null()),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("invalid"), knownvalue.MapExact(map[string]knownvalue.Check{
						"TIX-4": knownvalue.StringExact(`time_zone: "Australia/Sydny" is not an IANA time zone such as "Australia/Sydney"`),
						"TIX-5": knownvalue.StringExact("on_sale: 2026-10-04T02:30:00 does not exist in Australia/Sydney (clocks go forward): use 2026-10-04T01:30:00+10:00 or 2026-10-04T03:30:00+11:00"),
						"TIX-6": knownvalue.StringExact(`profile: "festival" is not a profile of this stack: use one of arena, stadium`),
						"TIX-9": knownvalue.StringExact(`expected_demand: "lots" is not a whole number`),
					})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("cancelled"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("TIX-3")})),
					statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-1"]`, tfjsonpath.New("approved"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-2"]`, tfjsonpath.New("approved"), knownvalue.Bool(false)),
					statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-2"]`, tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-12-02T02:00:00Z")),
					statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-7"]`, tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-04-04T16:30:00Z")),
				},
			},
			{
				// TIX-2 is cancelled and TIX-4's zone corrected: one show goes,
				// one comes, the others are untouched.
				PreConfig: func() {
					rows := strings.Replace(calendarRows, `"expected_demand": 20000, "approved": false`, `"expected_demand": 20000, "approved": false, "cancelled": true`, 1)
					rows = strings.Replace(rows, `"Misspelt zone", "on_sale": "2026-12-04T09:00:00", "time_zone": "Australia/Sydny"`, `"Misspelt zone", "on_sale": "2026-12-04T09:00:00", "time_zone": "Australia/Sydney"`, 1)
					writeCalendar(t, file, rows)
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`hotshow_show.requested["TIX-2"]`, plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction(`hotshow_show.requested["TIX-4"]`, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(`hotshow_show.requested["TIX-1"]`, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("cancelled"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("TIX-2"), knownvalue.StringExact("TIX-3")})),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("invalid"), knownvalue.MapSizeExact(3)),
				},
			},
			{
				// A missing file is an empty calendar: every show goes.
				PreConfig: func() { require.NoError(t, os.Remove(file)) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`hotshow_show.requested["TIX-1"]`, plancheck.ResourceActionDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("requests"), knownvalue.MapSizeExact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("invalid"), knownvalue.MapSizeExact(0)),
					statecheck.ExpectKnownValue(ds, tfjsonpath.New("cancelled"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

func TestAccCalendarDataSource_url(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/shows.json":
			_, _ = w.Write([]byte(calendarRows))
		default:
			http.Error(w, "calendar offline", http.StatusInternalServerError)
		}
	}))
	defer srv.Close()
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: calendarShows(fmt.Sprintf("url = %q", srv.URL+"/shows.json")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hotshow_calendar.x", tfjsonpath.New("requests"), knownvalue.MapSizeExact(4)),
					statecheck.ExpectKnownValue("data.hotshow_calendar.x", tfjsonpath.New("invalid"), knownvalue.MapSizeExact(4)),
					statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-1"]`, tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-11-30T22:00:00Z")),
				},
			},
			{
				// A feed that cannot be read fails the plan, naming it; the
				// shows are not destroyed for it.
				Config:      calendarShows(fmt.Sprintf("url = %q", srv.URL+"/broken.json")),
				ExpectError: regexp.MustCompile(spaced(`Could not read the calendar: url ` + regexp.QuoteMeta(srv.URL) + `/broken\.json: HTTP 500 Internal Server Error: calendar offline`)),
			},
			withoutShows(t),
		},
	})
}

// TestAccCalendarDataSource_dynamodb reads a table on dynalite written
// through the calendar package, as the intake writes it.
func TestAccCalendarDataSource_dynamodb(t *testing.T) {
	server := dynalitetest.Start(t)
	dynalitetest.SetTestCredentials(t)
	ctx := context.Background()
	table, err := calendar.OpenDynamoDB(ctx, calendar.DynamoDB{Table: "hotshow-calendar", Region: "ap-southeast-2", Endpoint: server.Endpoint})
	require.NoError(t, err)
	require.NoError(t, table.Create(ctx))
	for _, r := range []calendar.Request{
		{Ticket: "TIX-1", Name: "Eras Sydney N1", OnSale: "2026-12-01T09:00:00", TimeZone: "Australia/Sydney", Profile: "stadium", Demand: 300000, Approved: true, Requester: "ana@example.com", Updated: "2026-11-01T00:00:00Z"},
		{Ticket: "TIX-2", Name: "Perth Arena", OnSale: "2026-12-02T10:00", TimeZone: "Australia/Perth", Profile: "arena", Demand: 20000},
		{Ticket: "TIX-3", Name: "Called off", OnSale: "2026-12-03T09:00:00", TimeZone: "Australia/Sydney", Profile: "arena", Demand: 1, Cancelled: true},
		{Ticket: "TIX-6", Name: "Festival", OnSale: "2026-12-06T09:00:00", TimeZone: "Australia/Sydney", Profile: "festival", Demand: 100},
	} {
		require.NoError(t, table.Put(ctx, r))
	}
	source := func(name string) string {
		return fmt.Sprintf("dynamodb = { table = %q, region = \"ap-southeast-2\", endpoint = %q }", name, server.Endpoint)
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: calendarShows(source("hotshow-calendar")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hotshow_calendar.x", tfjsonpath.New("requests"), knownvalue.MapExact(map[string]knownvalue.Check{
						"TIX-1": calendarRequest("TIX-1", "Eras Sydney N1", "2026-12-01T09:00:00", "Australia/Sydney", "2026-11-30T22:00:00Z", "stadium", 300000, true, knownvalue.StringExact("ana@example.com")),
						"TIX-2": calendarRequest("TIX-2", "Perth Arena", "2026-12-02T10:00:00", "Australia/Perth", "2026-12-02T02:00:00Z", "arena", 20000, false, knownvalue.Null()),
					})),
					statecheck.ExpectKnownValue("data.hotshow_calendar.x", tfjsonpath.New("invalid"), knownvalue.MapExact(map[string]knownvalue.Check{
						"TIX-6": knownvalue.StringExact(`profile: "festival" is not a profile of this stack: use one of arena, stadium`),
					})),
					statecheck.ExpectKnownValue("data.hotshow_calendar.x", tfjsonpath.New("cancelled"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("TIX-3")})),
					statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-2"]`, tfjsonpath.New("approved"), knownvalue.Bool(false)),
				},
			},
			{
				Config:      calendarShows(source("absent")),
				ExpectError: regexp.MustCompile(spaced(`Could not read the calendar: dynamodb table absent: scanning:`) + `(?s).*ResourceNotFoundException`),
			},
			withoutShows(t),
		},
	})
}

// TestAccCalendarDataSource_invalid: arguments that name no calendar, or a
// calendar that cannot be read, fail the plan with a message naming them.
func TestAccCalendarDataSource_invalid(t *testing.T) {
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.json")
	writeCalendar(t, broken, "[\n  {\"ticket\": \"TIX-1\",}\n]")
	cases := []struct{ name, args, want string }{
		{"no source", `profiles = ["arena"]`, `Set exactly one of file, url or dynamodb: where the calendar is read from`},
		{"two sources", `file = "c.json"` + "\n" + `url = "https://calendar.example.com/shows.json"` + "\n" + `profiles = ["arena"]`, `file and url are both set: set exactly one of file, url or dynamodb`},
		{"three sources", `file = "c.json"` + "\n" + `url = "https://calendar.example.com/shows.json"` + "\n" + `dynamodb = { table = "t" }` + "\n" + `profiles = ["arena"]`,
			`file, url and dynamodb are all set: set exactly one of file, url or dynamodb`},
		{"no profiles", `file = "c.json"` + "\n" + `profiles = []`, `profiles: empty: list the show profiles this stack describes, such as \["arena", "stadium"\]`},
		{"empty profile", `file = "c.json"` + "\n" + `profiles = ["arena", ""]`, `profiles\[1\]: empty: give the profile's name`},
		{"profiles missing", `file = "c.json"`, `The argument "profiles" is required`},
		{"empty file", `file = ""` + "\n" + `profiles = ["arena"]`, `file: empty: give the path of the calendar's JSON file`},
		{"plain HTTP", `url = "http://calendar.example.com/shows.json"` + "\n" + `profiles = ["arena"]`,
			`url: "http://calendar.example.com/shows.json" is not HTTPS: the calendar is read over https://`},
		{"not a URL", `url = "calendar.example.com"` + "\n" + `profiles = ["arena"]`, `url: "calendar.example.com" is not a URL`},
		{"empty table", `dynamodb = { table = "" }` + "\n" + `profiles = ["arena"]`, `dynamodb.table: empty: name the calendar's table`},
		{"bad table name", `dynamodb = { table = "hotshow calendar", region = "ap-southeast-2" }` + "\n" + `profiles = ["arena"]`,
			`Could not open the calendar: dynamodb: table name "hotshow calendar" has " " in it`},
		{"broken file", fmt.Sprintf("file = %q\nprofiles = [\"arena\"]", broken),
			`Could not read the calendar: file ` + regexp.QuoteMeta(broken) + `: invalid JSON at line 2, column 22`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      fmt.Sprintf("data \"hotshow_calendar\" \"x\" {\n%s\n}\n", tc.args),
					ExpectError: regexp.MustCompile(spaced(tc.want)),
				}},
			})
		})
	}
}

// TestAccCalendarDataSource_example applies the documentation's example to
// a calendar of three requests.
func TestAccCalendarDataSource_example(t *testing.T) {
	file := filepath.Join(t.TempDir(), "calendar.json")
	writeCalendar(t, file, `[
  {"ticket": "TIX-101", "name": "Stadium N1", "on_sale": "2026-12-01T09:00:00", "time_zone": "Australia/Sydney", "profile": "stadium", "expected_demand": 300000, "approved": true},
  {"ticket": "TIX-102", "name": "Arena N1", "on_sale": "2026-12-01T08:30:00", "time_zone": "Australia/Brisbane", "profile": "arena", "expected_demand": 60000, "approved": false},
  {"ticket": "TIX-103", "name": "Field day", "on_sale": "2026-12-02T09:00:00", "time_zone": "Australia/Sydney", "profile": "festival", "expected_demand": 1000, "approved": true}
]`)
	example := readExample(t, "data-sources/hotshow_calendar/data-source.tf")
	require.Contains(t, example, `"${path.module}/calendar.json"`)
	// The provider runs in this process here, not in the configuration's directory.
	example = strings.Replace(example, `"${path.module}/calendar.json"`, fmt.Sprintf("%q", file), 1)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactoriesTestProvider(fakeClock(t, "2026-11-30T21:50:00Z"), noEnv),
		Steps: []resource.TestStep{{
			Config: readExample(t, "provider/provider.tf") + example,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(`data.hotshow_sizing.peak["TIX-101"]`, tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{
					"web": knownvalue.Int64Exact(44), "api": knownvalue.Int64Exact(17),
				})),
				statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-101"]`, tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-11-30T22:00:00Z")),
				statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-101"]`, tfjsonpath.New("phases"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("warm"), "start": knownvalue.StringExact("-60m"),
						"capacity": knownvalue.MapExact(map[string]knownvalue.Check{"web": knownvalue.Int64Exact(15), "api": knownvalue.Int64Exact(6)})}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{"name": knownvalue.StringExact("peak"), "start": knownvalue.StringExact("-5m"),
						"capacity": knownvalue.MapExact(map[string]knownvalue.Check{"web": knownvalue.Int64Exact(44), "api": knownvalue.Int64Exact(17)})}),
				})),
				statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-102"]`, tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-11-30T22:30:00Z")),
				statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-102"]`, tfjsonpath.New("approved"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(`hotshow_show.requested["TIX-102"]`, tfjsonpath.New("end"), knownvalue.StringExact("+1h")),
				statecheck.ExpectKnownOutputValue("left_out", knownvalue.MapExact(map[string]knownvalue.Check{
					"TIX-103": knownvalue.StringExact(`profile: "festival" is not a profile of this stack: use one of arena, stadium`),
				})),
			},
		}, withoutShows(t)},
	})
}

// withoutShows is a last step that removes the shows made with for_each:
// the harness reads the final state through a shim that cannot hold
// for_each keys, and fails the test when it finds one.
func withoutShows(t *testing.T) resource.TestStep {
	return resource.TestStep{Config: fmt.Sprintf("data \"hotshow_calendar\" \"x\" {\n  file     = %q\n  profiles = [\"arena\"]\n}\n", filepath.Join(t.TempDir(), "none.json"))}
}

// spaced lets a pattern match where Terraform wraps a diagnostic's detail.
func spaced(pattern string) string { return strings.ReplaceAll(pattern, " ", `\s+`) }

// TestCalendarShowOnSaleAt: the on-sale is handed to hotshow_show as wall
// time when that names one instant, else with its offset.
func TestCalendarShowOnSaleAt(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		require.NoError(t, err)
		return v
	}
	assert.Equal(t, "2026-12-01T09:00:00", showOnSaleAt("Australia/Sydney", at("2026-11-30T22:00:00Z")))
	assert.Equal(t, "2026-04-05T02:30:00+11:00", showOnSaleAt("Australia/Sydney", at("2026-04-04T15:30:00Z")), "the fold's first reading")
	assert.Equal(t, "2026-04-05T02:30:00+10:00", showOnSaleAt("Australia/Sydney", at("2026-04-04T16:30:00Z")), "the fold's second reading")
	assert.Equal(t, "2026-10-04T03:30:00", showOnSaleAt("Australia/Sydney", at("2026-10-03T16:30:00Z")), "a reading of the gap, as the clocks show it")
}

// TestCalendarSortRequests: rows sharing a ticket give one reason; a
// cancelled request is not checked.
func TestCalendarSortRequests(t *testing.T) {
	dup := `ticket: "TIX-1" appears 2 times in the calendar: keep one request per ticket`
	requests, invalid, cancelled := sortRequests([]calendar.Request{
		{Ticket: "TIX-1", Invalid: dup}, {Ticket: "TIX-1", Invalid: dup},
		{Ticket: "TIX-2", Cancelled: true},
		{Ticket: "TIX-3", Cancelled: true, Invalid: "approved: \"no\" is not true or false"},
		{Ticket: "", Invalid: "row 4: a string, not a request"}, {Ticket: "", Invalid: "row 5: a number, not a request"},
	}, calendar.Rules{Profiles: []string{"arena"}})
	assert.Empty(t, requests)
	assert.Equal(t, map[string]string{"TIX-1": dup, "TIX-3": `approved: "no" is not true or false`,
		"": "row 4: a string, not a request; row 5: a number, not a request"}, invalid)
	assert.Equal(t, []string{"TIX-2"}, cancelled)
}
