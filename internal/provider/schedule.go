package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// scheduleValue converts a computed schedule to its Terraform value: a
// string of JSON in the form the orchestrator reads (showstate.ScheduleV1),
// shared by hotshow_show (which computes it) and hotshow_capacity (which
// reads a list of them).
func scheduleValue(s timeline.Schedule, onSale time.Time) (types.String, diag.Diagnostics) {
	var diags diag.Diagnostics
	v, err := showstate.NewScheduleV1(s, onSale)
	if err != nil {
		diags.AddAttributeError(path.Root("schedule"), "Schedule Not Encoded",
			fmt.Sprintf("The show's schedule could not be encoded as JSON: %s. Please report this issue to the provider developers.", err))
		return types.StringUnknown(), diags
	}
	return types.StringValue(string(v)), diags
}

// scheduleFrom reads a schedule value back. Hand-written schedules, such as
// jsonencode() of an object with the same keys, are accepted when they are
// well formed.
func scheduleFrom(v attr.Value) (timeline.Schedule, error) {
	s, ok := v.(basetypes.StringValue)
	if !ok || s.IsNull() || s.IsUnknown() {
		return timeline.Schedule{}, fmt.Errorf("a show's schedule is required, such as hotshow_show.example.schedule")
	}
	return showstate.ScheduleV1(s.ValueString()).Schedule()
}
