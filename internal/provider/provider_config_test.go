package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccProvider_invalidConfig(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"unknown zone", `time_zone = "Australia/Gotham"`, `time_zone: "Australia/Gotham" is not a known IANA time zone`},
		{"local zone", `time_zone = "Local"`, `time_zone: "Local" is not an IANA time zone`},
		{"empty zone", `time_zone = ""`, `time_zone: "" is not an IANA time zone`},
		{"negative lead", `lead = "-1m"`, `lead: "-1m" is negative`},
		{"lead without unit", `lead = "10"`, `lead: "10" is not an offset`},
		{"fractional lead", `lead = "1.5s"`, `lead: "1.5s" is not a whole number of seconds`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				PreCheck:                 func() { testAccPreCheck(t) },
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config: `
provider "hotshow" {
  ` + tc.body + `
}
data "hotshow_sizing" "s" {
  peak_arrivals  = 1
  arrival_window = "1s"
  units          = { web = { per_unit_rps = 1 } }
}`,
					ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
}
