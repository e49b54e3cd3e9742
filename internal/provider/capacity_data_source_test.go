package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccCapacityDataSource_clock moves the injected clock across the show
// and checks that a downstream terraform_data gets the evaluated capacity.
func TestAccCapacityDataSource_clock(t *testing.T) {
	clk := fakeClock(t, "2026-11-30T20:00:00Z")
	config := testAccCapacityDataSourceConfig_fleet(`floor = { web = 4, queue = 1 }
  ceiling = { web = 100 }`)
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: protoV6ProviderFactoriesTestProvider(clk, noEnv),
		Steps: []resource.TestStep{
			{
				// Before anything: floor applies, and queue is added by the floor.
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{
						"web": knownvalue.Int64Exact(4), "api": knownvalue.Int64Exact(2), "db": knownvalue.Int64Exact(0), "queue": knownvalue.Int64Exact(1),
					})),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("phases"), knownvalue.MapExact(map[string]knownvalue.Check{
						"Eras": knownvalue.StringExact("scheduled"), "Encore": knownvalue.StringExact("scheduled"),
					})),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("next_transition_at"), knownvalue.StringExact("2026-11-30T20:50:00Z")),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("evaluated_at"), knownvalue.StringExact("2026-11-30T20:00:00Z")),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("combine"), knownvalue.StringExact("max")),
					statecheck.ExpectKnownValue("terraform_data.web", tfjsonpath.New("input"), knownvalue.Int64Exact(4)),
				},
			},
			{
				// 10m lead before warm-up: web rises early while the phase is
				// still "scheduled".
				PreConfig: func() { clk.Set(at(t, "2026-11-30T20:50:00Z")) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.web", plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue("terraform_data.web", tfjsonpath.New("input"), knownvalue.Int64Exact(40)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("phases").AtMapKey("Eras"), knownvalue.StringExact("scheduled")),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("next_transition_at"), knownvalue.StringExact("2026-11-30T21:00:00Z")),
				},
			},
			{
				// Peak of both shows: max of web is 120, above the ceiling.
				PreConfig: func() { clk.Set(at(t, "2026-11-30T22:10:00Z")) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("terraform_data.web", tfjsonpath.New("input"), knownvalue.Int64Exact(100)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("capped"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("web")})),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("capacity").AtMapKey("db"), knownvalue.Int64Exact(9)),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("phases"), knownvalue.MapExact(map[string]knownvalue.Check{
						"Eras": knownvalue.StringExact("peak"), "Encore": knownvalue.StringExact("peak"),
					})),
				},
			},
			{
				// Everything over: back to the floor, nothing comes next.
				PreConfig: func() { clk.Set(at(t, "2026-12-02T00:00:00Z")) },
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("terraform_data.web", tfjsonpath.New("input"), knownvalue.Int64Exact(4)),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("next_transition_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("capped"), knownvalue.ListSizeExact(0)),
				},
			},
		},
	})
}

func TestAccCapacityDataSource_sum(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: testAccCapacityDataSourceConfig_fleet(`combine = "sum"
  as_of = "2026-12-01T09:10:00+11:00"`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{
					"web": knownvalue.Int64Exact(120 + 50), "api": knownvalue.Int64Exact(60), "db": knownvalue.Int64Exact(9),
				})),
				statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("evaluated_at"), knownvalue.StringExact("2026-11-30T22:10:00Z")),
			},
		}},
	})
}

// TestAccCapacityDataSource_asOfMatchesEnv is the promise that CI and the
// orchestrator agree: as_of = X in configuration and HOTSHOW_AS_OF = X in the
// real process environment give the same evaluation.
func TestAccCapacityDataSource_asOfMatchesEnv(t *testing.T) {
	const instant = "2026-12-01T08:57:30+11:00"
	t.Setenv(EnvAsOf, instant)
	var fields = []string{"capacity", "phases", "next_transition_at", "evaluated_at", "capped"}
	checks := []statecheck.StateCheck{
		statecheck.ExpectKnownValue("data.hotshow_capacity.by_env", tfjsonpath.New("evaluated_at"), knownvalue.StringExact("2026-11-30T21:57:30Z")),
	}
	for _, f := range fields {
		checks = append(checks, statecheck.CompareValuePairs(
			"data.hotshow_capacity.by_as_of", tfjsonpath.New(f), "data.hotshow_capacity.by_env", tfjsonpath.New(f), compare.ValuesSame()))
	}
	resource.Test(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: map[string]func() (tfprotov6ProviderServer, error){"hotshow": realEnvProvider},
		Steps: []resource.TestStep{{
			Config: testAccCapacityDataSourceConfig_fleet("") + fmt.Sprintf(`
data "hotshow_capacity" "by_as_of" {
  shows = [hotshow_show.eras.schedule, hotshow_show.encore.schedule]
  as_of = %[1]q
}
data "hotshow_capacity" "by_env" {
  shows = [hotshow_show.eras.schedule, hotshow_show.encore.schedule]
}
`, instant),
			ConfigStateChecks: checks,
		}},
	})
}

func TestAccCapacityDataSource_invalid(t *testing.T) {
	cases := []struct {
		name, args string
		env        string
		want       string
	}{
		{"bad combine", `combine = "avg"`, "", `value must be one of: \["max" "sum"\], got: "avg"`},
		{"floor above ceiling", `floor = { web = 10 }` + "\n" + `ceiling = { web = 5 }`, "", `floor\["web"\] is 10 but ceiling\["web"\] is 5`},
		{"negative floor", `floor = { web = -1 }`, "", `floor\["web"\]: -1 is negative`},
		{"fractional ceiling", `ceiling = { web = 2.5 }`, "", `ceiling\["web"\]: 2.5 is not a whole number`},
		{"as_of without offset", `as_of = "2026-12-01T08:30:00"`, "", `as_of: "2026-12-01T08:30:00" is not an RFC 3339 timestamp with an offset`},
		{"as_of nonsense", `as_of = "tomorrow"`, "", `as_of: "tomorrow" is not an RFC 3339 timestamp`},
		{"unparsable env", ``, "08:30", `(?s)HOTSHOW_AS_OF.*"08:30" is not an RFC 3339 timestamp`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := noEnv
			if tc.env != "" {
				env = func(k string) (string, bool) { return tc.env, k == EnvAsOf }
			}
			// Each config creates shows too: the error must come before any
			// show is created, since the data source's read may be deferred.
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: protoV6ProviderFactoriesTestProvider(fakeClock(t, "2026-11-30T20:00:00Z"), env),
				Steps: []resource.TestStep{{
					Config:      testAccCapacityDataSourceConfig_fleet(tc.args),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// TestAccCapacityDataSource_handWritten: a schedule need not come from
// hotshow_show; one written with jsonencode, keys in any order, is read.
func TestAccCapacityDataSource_handWritten(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
data "hotshow_capacity" "x" {
  shows = [jsonencode({
    steps = [
      { at = "2027-01-01T11:00:00Z", phase = "warm", capacity = { web = 40 } },
      { at = "2027-01-01T13:00:00Z", phase = "ended", capacity = { web = 2 } },
    ]
    baseline   = { web = 2 }
    approved   = true
    on_sale_at = "2027-01-01T12:00:00Z"
    name       = "By hand"
  })]
  as_of = "2027-01-01T11:30:00Z"
}

# A schedule in the object form of schema version 0, as another stack's
# outputs may still hold one, and one already a string: the conversion the
# documentation gives reads both.
locals {
  object_form = {
    name = "Object", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = { web = 1 }
    steps = [{ at = "2027-01-01T11:00:00Z", phase = "warm", capacity = { web = 7 } }]
  }
  string_form = jsonencode({
    name = "String", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = { web = 1 }
    steps = [{ at = "2027-01-01T11:00:00Z", phase = "warm", capacity = { web = 9 } }]
  })
}
data "hotshow_capacity" "either" {
  shows   = [for v in [local.object_form, local.string_form] : try(tostring(v), jsonencode(v))]
  combine = "sum"
  as_of   = "2027-01-01T11:30:00Z"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hotshow_capacity.either", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{"web": knownvalue.Int64Exact(16)})),
				statecheck.ExpectKnownValue("data.hotshow_capacity.x", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{"web": knownvalue.Int64Exact(40)})),
				statecheck.ExpectKnownValue("data.hotshow_capacity.x", tfjsonpath.New("phases"), knownvalue.MapExact(map[string]knownvalue.Check{"By hand": knownvalue.StringExact("warm")})),
				statecheck.ExpectKnownValue("data.hotshow_capacity.x", tfjsonpath.New("next_transition_at"), knownvalue.StringExact("2027-01-01T13:00:00Z")),
			},
		}},
	})
}

// TestAccCapacityDataSource_invalidSchedule: a shows element that is not a
// schedule is refused at plan time, naming the element and what is wrong.
func TestAccCapacityDataSource_invalidSchedule(t *testing.T) {
	const valid = `jsonencode({ name = "a", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = {}, steps = [] })`
	cases := []struct{ name, shows, want string }{
		{"not JSON", `["{"]`, `shows\[0\]: the schedule is not valid JSON: it ends early`},
		{"second element", `[` + valid + `, "nope"]`, `shows\[1\]: the schedule is not valid JSON: invalid character 'o' in literal\s+null`},
		{"not an object", `[jsonencode([1])]`, `shows\[0\]: the schedule must be a JSON object, not a JSON array`},
		{"missing key", `[jsonencode({ name = "a", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = {} })]`, `shows\[0\]: the schedule: missing or null: steps`},
		{"unknown key", `[jsonencode({ name = "a", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = {}, steps = [], lead = "5m" })]`, `shows\[0\]: the schedule: unknown key "lead"`},
		{"negative capacity", `[jsonencode({ name = "a", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = {}, steps = [{ at = "2027-01-01T12:00:00Z", phase = "p", capacity = { web = -1 } }] })]`,
			`shows\[0\]: steps\[0\]\.capacity\["web"\]: -1 is negative`},
		{"fractional baseline", `[jsonencode({ name = "a", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = { web = 1.5 }, steps = [] })]`,
			`shows\[0\]: baseline\["web"\]: 1.5 is not a whole number`},
		{"steps out of order", `[jsonencode({ name = "a", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = {}, steps = [{ at = "2027-01-01T12:00:00Z", phase = "p", capacity = {} }, { at = "2027-01-01T11:00:00Z", phase = "q", capacity = {} }] })]`,
			`shows\[0\]: steps\[1\]\.at 2027-01-01T11:00:00Z does not come after the step before it`},
		{"bad instant", `[jsonencode({ name = "a", on_sale_at = "2027-01-01 12:00", approved = true, baseline = {}, steps = [] })]`,
			`shows\[0\]: on_sale_at: "2027-01-01 12:00" is not an RFC 3339 timestamp`},
		// A schedule in the object form of hotshow_show's schema version 0 is
		// refused by Terraform itself: shows takes strings.
		{"object form", `[{ name = "a", on_sale_at = "2027-01-01T12:00:00Z", approved = true, baseline = {}, steps = [] }]`, `(?s)shows.*string required`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf("data \"hotshow_capacity\" \"x\" {\n  shows = %s\n}\n", tc.shows),
					// Terraform wraps a diagnostic's detail at any space.
					ExpectError: regexp.MustCompile(strings.ReplaceAll(tc.want, " ", `\s+`)),
				}},
			})
		})
	}
}

func TestAccCapacityDataSource_noShows(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      `data "hotshow_capacity" "x" { shows = [] }`,
			ExpectError: regexp.MustCompile(`shows is empty and floor is unset`),
		}, {
			// A calendar with no requests: the fleet at its floor.
			Config: `data "hotshow_capacity" "x" {
  shows = []
  floor = { web = 4, api = 2 }
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.hotshow_capacity.x", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{
					"web": knownvalue.Int64Exact(4), "api": knownvalue.Int64Exact(2)})),
			},
		}},
	})
}

// TestAccCapacityDataSource_duplicateNames: names are only known once the
// shows exist, so the check fires at the first read.
func TestAccCapacityDataSource_duplicateNames(t *testing.T) {
	shows := `
resource "hotshow_show" "a" {
  name = "Same"
  on_sale_at = "2026-12-01T09:00:00Z"
  phases = [{ name = "peak", start = "0s", capacity = { web = 1 } }]
  end = "+1h"
}
resource "hotshow_show" "b" {
  name = "Same"
  on_sale_at = "2026-12-02T09:00:00Z"
  phases = [{ name = "peak", start = "0s", capacity = { web = 2 } }]
  end = "+1h"
}
`
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: shows},
			{
				Config:      shows + `data "hotshow_capacity" "x" { shows = [hotshow_show.a.schedule, hotshow_show.b.schedule] }`,
				ExpectError: regexp.MustCompile(`shows\[0\] and shows\[1\] are both named "Same"`),
			},
		},
	})
}

// testAccCapacityDataSourceConfig_fleet declares two overlapping shows and a
// fleet data source with extra arguments, feeding a terraform_data.
func testAccCapacityDataSourceConfig_fleet(args string) string {
	return fmt.Sprintf(`
resource "hotshow_show" "eras" {
  name       = "Eras"
  on_sale_at = "2026-12-01T09:00:00"
  time_zone  = "Australia/Sydney"
  lead       = "10m"
  baseline   = { web = 2, api = 2 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = 120, api = 60 } },
    { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
  ]
  end = "+3h"
}
resource "hotshow_show" "encore" {
  name       = "Encore"
  on_sale_at = "2026-11-30T22:05:00Z"
  phases     = [{ name = "peak", start = "0s", capacity = { web = 50, db = 9 } }]
  end        = "+1h"
}
data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.eras.schedule, hotshow_show.encore.schedule]
  %[1]s
}
resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}
`, args)
}

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad instant %q: %v", s, err)
	}
	return v
}
