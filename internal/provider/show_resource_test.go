package provider

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

const erasImportID = `{"name":"Eras Tour — Sydney N1","on_sale_at":"2026-12-01T09:00:00","time_zone":"Australia/Sydney","lead":"10m",` +
	`"baseline":{"web":2,"api":2},"phases":[{"name":"warm","start":"-60m","capacity":{"web":40,"api":20}},` +
	`{"name":"peak","start":"-5m","capacity":{"web":%[1]d,"api":60}},{"name":"tail","start":"+90m","capacity":{"web":30,"api":10}}],"end":"+3h"}`

func TestAccShowResource_basic(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccShowResourceConfig_eras(120),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hotshow_show.eras", plancheck.ResourceActionCreate),
					// The schedule is computed from configuration alone, so a new
					// show's timeline is known in the plan.
					plancheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("schedule"), scheduleJSON(knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"steps": knownvalue.ListPartial(map[int]knownvalue.Check{2: knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"at": knownvalue.StringExact("2026-11-30T21:45:00Z"),
						})}),
					}))),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("id"), knownvalue.StringExact("eras-tour-sydney-n1@2026-11-30T22:00:00Z")),
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-11-30T22:00:00Z")),
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("approved"), knownvalue.Bool(true)),
					// The schedule's JSON, byte for byte: keys in a fixed order, one line.
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("schedule"), knownvalue.StringExact(erasSchedule(120))),
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("schedule"), scheduleJSON(knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":       knownvalue.StringExact("Eras Tour — Sydney N1"),
						"on_sale_at": knownvalue.StringExact("2026-11-30T22:00:00Z"),
						"approved":   knownvalue.Bool(true),
						"baseline":   capacityCheck(2, 2),
						"steps": knownvalue.ListExact([]knownvalue.Check{
							step("2026-11-30T20:50:00Z", "scheduled", 40, 20),
							step("2026-11-30T21:00:00Z", "warm", 40, 20),
							step("2026-11-30T21:45:00Z", "warm", 120, 60),
							step("2026-11-30T21:55:00Z", "peak", 120, 60),
							step("2026-11-30T23:30:00Z", "tail", 30, 10),
							step("2026-12-01T01:00:00Z", "ended", 2, 2),
						}),
					}))),
				},
			},
			{
				ResourceName:      "hotshow_show.eras",
				ImportState:       true,
				ImportStateId:     fmt.Sprintf(erasImportID, 120),
				ImportStateVerify: true,
			},
			{
				Config: testAccShowResourceConfig_eras(150),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hotshow_show.eras", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("schedule"), scheduleJSON(knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"steps": knownvalue.ListPartial(map[int]knownvalue.Check{2: step("2026-11-30T21:45:00Z", "warm", 150, 60)}),
					}))),
				},
			},
			{
				Config: testAccShowResourceConfig_eras(150),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
		},
	})
}

func TestAccShowResource_providerDefaults(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: `
provider "hotshow" {
  time_zone = "America/New_York"
  lead      = "5m"
}
resource "hotshow_show" "msg" {
  name       = "MSG"
  on_sale_at = "2027-03-14T10:00:00"
  phases     = [{ name = "peak", start = "0s", capacity = { web = 8 } }]
  end        = "+1h"
  approved   = false
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hotshow_show.msg", tfjsonpath.New("time_zone"), knownvalue.StringExact("America/New_York")),
					statecheck.ExpectKnownValue("hotshow_show.msg", tfjsonpath.New("lead"), knownvalue.StringExact("5m")),
					statecheck.ExpectKnownValue("hotshow_show.msg", tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2027-03-14T14:00:00Z")),
					statecheck.ExpectKnownValue("hotshow_show.msg", tfjsonpath.New("schedule"), knownvalue.StringExact(
						`{"name":"MSG","on_sale_at":"2027-03-14T14:00:00Z","approved":false,"baseline":{"web":0},"steps":[]}`)),
				},
			},
		},
	})
}

func TestAccShowResource_invalid(t *testing.T) {
	cases := []struct {
		name, attrs string
		want        string
	}{
		{"empty name", `name = ""`, `name: must not be empty`},
		{"unknown zone", `time_zone = "Mars/Olympus_Mons"`, `time_zone: "Mars/Olympus_Mons" is not a known IANA time\s+zone`},
		{"zone checked with offset", `time_zone = "Nowhere"` + "\n" + `on_sale_at = "2027-06-01T09:00:00+10:00"`, `"Nowhere" is not a known IANA time zone`},
		{"bad timestamp", `on_sale_at = "2027-02-30T09:00:00"`, `on_sale_at: "2027-02-30T09:00:00" is not a timestamp`},
		{"dst gap", `on_sale_at = "2027-10-03T02:30:00"`, `(?s)2027-10-03T02:30:00 does not exist in Australia/Sydney.*either\s+2027-10-03T02:30:00\+11:00\s+or\s+2027-10-03T02:30:00\+10:00`},
		{"dst fold", `on_sale_at = "2027-04-04T02:30:00"`, `(?s)2027-04-04T02:30:00 happens twice in Australia/Sydney.*2027-04-04T02:30:00\+11:00\s+\(the\s+first\)\s+or\s+2027-04-04T02:30:00\+10:00`},
		{"negative lead", `lead = "-5m"`, `lead: "-5m" is negative`},
		{"bad lead", `lead = "soon"`, `lead: "soon" is not an offset`},
		{"bad end", `end = "3 hours"`, `end: "3 hours" is not an offset`},
		{"end not after last phase", `end = "+90m"`, `end: \+1h30m0s is not after the start of the last phase "tail"`},
		{"phases out of order", `phases = [{ name = "a", start = "0s" }, { name = "b", start = "-5m" }]`, `phases\[1\]\.start: -5m0s does not come after the start of\s+phases\[0\]`},
		{"duplicate phase names", `phases = [{ name = "a", start = "0s" }, { name = "a", start = "5m" }]`, `phases\[1\]\.name: "a" is already the name of phases\[0\]`},
		{"reserved phase name", `phases = [{ name = "ended", start = "0s" }]`, `phases\[0\]\.name: "ended" is reserved`},
		{"no phases", `phases = []`, `phases: must list at least one phase`},
		{"bad phase start", `phases = [{ name = "a", start = "noon" }]`, `phases\[0\]\.start: "noon" is not an offset`},
		{"negative capacity", `phases = [{ name = "a", start = "0s", capacity = { web = -1 } }]`, `phases\[0\]\.capacity\["web"\]: -1 is negative`},
		{"fractional capacity", `phases = [{ name = "a", start = "0s", capacity = { web = 1.5 } }]`, `phases\[0\]\.capacity\["web"\]: 1.5 is not a whole number`},
		{"negative baseline", `baseline = { api = -2 }`, `baseline\["api"\]: -2 is negative`},
		{"fractional baseline", `baseline = { api = 0.5 }`, `baseline\["api"\]: 0.5 is not a whole number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      testAccShowResourceConfig_override(tc.attrs),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

// testAccShowResourceConfig_eras is DESIGN.md's example with the peak's web
// capacity as a parameter.
func testAccShowResourceConfig_eras(peakWeb int) string {
	return fmt.Sprintf(`
resource "hotshow_show" "eras" {
  name       = "Eras Tour — Sydney N1"
  on_sale_at = "2026-12-01T09:00:00"
  time_zone  = "Australia/Sydney"
  lead       = "10m"
  baseline   = { web = 2, api = 2 }
  phases = [
    { name = "warm", start = "-60m", capacity = { web = 40, api = 20 } },
    { name = "peak", start = "-5m", capacity = { web = %[1]d, api = 60 } },
    { name = "tail", start = "+90m", capacity = { web = 30, api = 10 } },
  ]
  end = "+3h"
}
`, peakWeb)
}

// testAccShowResourceConfig_override is a valid show in the provider's
// default zone (Australia/Sydney) with attrs replacing its defaults.
func testAccShowResourceConfig_override(attrs string) string {
	defaults := map[string]string{
		"name":       `name = "Show"`,
		"on_sale_at": `on_sale_at = "2027-06-01T09:00:00"`,
		"phases":     `phases = [{ name = "warm", start = "-60m" }, { name = "tail", start = "+90m", capacity = { web = 3 } }]`,
		"end":        `end = "+3h"`,
	}
	body := attrs
	for key, line := range defaults {
		if !regexp.MustCompile(`(?m)^` + key + ` =`).MatchString(attrs) {
			body += "\n" + line
		}
	}
	return fmt.Sprintf(`
provider "hotshow" {
  time_zone = "Australia/Sydney"
}
resource "hotshow_show" "test" {
%[1]s
}
`, body)
}

// erasSchedule is the schedule of testAccShowResourceConfig_eras as stored.
func erasSchedule(peakWeb int) string {
	return fmt.Sprintf(`{"name":"Eras Tour — Sydney N1","on_sale_at":"2026-11-30T22:00:00Z","approved":true,"baseline":{"api":2,"web":2},"steps":[`+
		`{"at":"2026-11-30T20:50:00Z","phase":"scheduled","capacity":{"api":20,"web":40}},`+
		`{"at":"2026-11-30T21:00:00Z","phase":"warm","capacity":{"api":20,"web":40}},`+
		`{"at":"2026-11-30T21:45:00Z","phase":"warm","capacity":{"api":60,"web":%[1]d}},`+
		`{"at":"2026-11-30T21:55:00Z","phase":"peak","capacity":{"api":60,"web":%[1]d}},`+
		`{"at":"2026-11-30T23:30:00Z","phase":"tail","capacity":{"api":10,"web":30}},`+
		`{"at":"2026-12-01T01:00:00Z","phase":"ended","capacity":{"api":2,"web":2}}]}`, peakWeb)
}

// scheduleJSON checks a schedule attribute: a string of JSON whose decoded
// value (numbers as json.Number, as knownvalue's checks expect) passes check.
func scheduleJSON(check knownvalue.Check) knownvalue.Check { return jsonCheck{check} }

type jsonCheck struct{ check knownvalue.Check }

func (c jsonCheck) CheckValue(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("expected a string of JSON, got %T", v)
	}
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var decoded any
	if err := dec.Decode(&decoded); err != nil {
		return fmt.Errorf("%q is not JSON: %w", s, err)
	}
	return c.check.CheckValue(decoded)
}

func (c jsonCheck) String() string { return "JSON " + c.check.String() }

func capacityCheck(web, api int64) knownvalue.Check {
	return knownvalue.MapExact(map[string]knownvalue.Check{"web": knownvalue.Int64Exact(web), "api": knownvalue.Int64Exact(api)})
}

func step(at, phase string, web, api int64) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"at": knownvalue.StringExact(at), "phase": knownvalue.StringExact(phase), "capacity": capacityCheck(web, api),
	})
}
