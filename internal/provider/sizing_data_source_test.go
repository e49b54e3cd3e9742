package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccSizingDataSource_basic(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { testAccPreCheck(t) },
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: testAccSizingDataSourceConfig(300000, `
    web   = { per_unit_rps = 150, headroom = 0.3, min = 2, max = 400 }
    api   = { per_unit_rps = 100, headroom = 0.3 }
    queue = { per_unit_rps = 1000000, min = 3 }
    cache = { per_unit_rps = 10, max = 50 }`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// 300000 / 60 s = 5000 rps; ×1.3 = 6500; /150 = 43.3 → 44.
					plancheck.ExpectKnownValue("terraform_data.web", tfjsonpath.New("input"), knownvalue.Int64Exact(44)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hotshow_sizing.s", tfjsonpath.New("arrival_rps"), knownvalue.Float64Exact(5000)),
					statecheck.ExpectKnownValue("data.hotshow_sizing.s", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{
						"web":   knownvalue.Int64Exact(44),
						"api":   knownvalue.Int64Exact(65), // exactly 65: 0.3 in binary must not round it up to 66
						"queue": knownvalue.Int64Exact(3),  // min
						"cache": knownvalue.Int64Exact(50), // max
					})),
				},
			},
			{
				Config: testAccSizingDataSourceConfig(0, `web = { per_unit_rps = 150, min = 2 }`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.hotshow_sizing.s", tfjsonpath.New("capacity").AtMapKey("web"), knownvalue.Int64Exact(2)),
				},
			},
		},
	})
}

func TestAccSizingDataSource_invalid(t *testing.T) {
	cases := []struct {
		name, window, units string
		arrivals            string
		want                string
	}{
		{"zero rps", "1m", `web = { per_unit_rps = 0 }`, "100", `units\["web"\]\.per_unit_rps: must be more than 0`},
		{"negative headroom", "1m", `web = { per_unit_rps = 1, headroom = -0.1 }`, "100", `units\["web"\]\.headroom: must be 0 or more`},
		{"min above max", "1m", `web = { per_unit_rps = 1, min = 5, max = 2 }`, "100", `units\["web"\]\.max: 2 is below min \(5\)`},
		{"fractional min", "1m", `web = { per_unit_rps = 1, min = 1.5 }`, "100", `units\["web"\]\.min: 1.5 is not a whole number`},
		{"zero window", "0s", `web = { per_unit_rps = 1 }`, "100", `arrival_window: "0s" is not a positive duration`},
		{"bad window", "a minute", `web = { per_unit_rps = 1 }`, "100", `arrival_window: "a minute" is not a positive duration`},
		{"negative arrivals", "1m", `web = { per_unit_rps = 1 }`, "-5", `peak_arrivals: -5 is negative`},
		{"fractional arrivals", "1m", `web = { per_unit_rps = 1 }`, "2.5", `peak_arrivals: 2.5 is not a whole number`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
data "hotshow_sizing" "s" {
  peak_arrivals  = %[1]s
  arrival_window = %[2]q
  units          = { %[3]s }
}`, tc.arrivals, tc.window, tc.units),
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}

func testAccSizingDataSourceConfig(arrivals int, units string) string {
	return fmt.Sprintf(`
data "hotshow_sizing" "s" {
  peak_arrivals  = %[1]d
  arrival_window = "1m"
  units = {
    %[2]s
  }
}
resource "terraform_data" "web" {
  input = data.hotshow_sizing.s.capacity["web"]
}
`, arrivals, units)
}
