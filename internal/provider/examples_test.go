package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccExamples applies every example the docs are generated from, each
// with the provider example's configuration, at a fixed instant.
func TestAccExamples(t *testing.T) {
	provider := readExample(t, "provider/provider.tf")
	cases := []struct {
		file   string
		checks []statecheck.StateCheck
	}{
		{"resources/hotshow_show/resource.tf", []statecheck.StateCheck{
			statecheck.ExpectKnownValue("hotshow_show.eras_sydney", tfjsonpath.New("on_sale_at_utc"), knownvalue.StringExact("2026-11-30T22:00:00Z")),
			statecheck.ExpectKnownValue("hotshow_show.eras_melbourne", tfjsonpath.New("lead"), knownvalue.StringExact("5m")),
			// The schedule the resource's documentation lays out.
			statecheck.ExpectKnownValue("hotshow_show.eras_sydney", tfjsonpath.New("schedule"), knownvalue.StringExact(erasSchedule(120))),
		}},
		{"data-sources/hotshow_capacity/data-source.tf", []statecheck.StateCheck{
			// 08:50 in Sydney: warm, with the peak's capacity 10 minutes early;
			// Brisbane (22:30Z, provider lead 5m) not started.
			statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{
				"web": knownvalue.Int64Exact(120), "api": knownvalue.Int64Exact(60),
			})),
			statecheck.ExpectKnownValue("data.hotshow_capacity.fleet", tfjsonpath.New("phases"), knownvalue.MapExact(map[string]knownvalue.Check{
				"Sydney N1": knownvalue.StringExact("warm"), "Brisbane N1": knownvalue.StringExact("scheduled"),
			})),
			statecheck.ExpectKnownValue("terraform_data.web_desired_capacity", tfjsonpath.New("output"), knownvalue.Int64Exact(120)),
		}},
		{"data-sources/hotshow_sizing/data-source.tf", []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.hotshow_sizing.onsale", tfjsonpath.New("capacity"), knownvalue.MapExact(map[string]knownvalue.Check{
				"web": knownvalue.Int64Exact(44), "api": knownvalue.Int64Exact(17),
			})),
			statecheck.ExpectKnownValue("hotshow_show.stadium", tfjsonpath.New("schedule"), scheduleJSON(knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"steps": knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"capacity": knownvalue.MapExact(map[string]knownvalue.Check{"web": knownvalue.Int64Exact(44), "api": knownvalue.Int64Exact(17)}),
				})}),
			}))),
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: protoV6ProviderFactoriesTestProvider(fakeClock(t, "2026-11-30T21:50:00Z"), noEnv),
				Steps:                    []resource.TestStep{{Config: provider + readExample(t, tc.file), ConfigStateChecks: tc.checks}},
			})
		})
	}
}

func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
