package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The Terraform type of a show's schedule, shared by hotshow_show (which
// computes it) and hotshow_capacity (which reads a list of them): the
// attribute types of showstate.ScheduleV0, which ObjectValueFrom checks.
var (
	capacityType = types.MapType{ElemType: types.Int64Type}
	stepType     = types.ObjectType{AttrTypes: map[string]attr.Type{
		"at":       types.StringType,
		"phase":    types.StringType,
		"capacity": capacityType,
	}}
	scheduleType = types.ObjectType{AttrTypes: map[string]attr.Type{
		"name":       types.StringType,
		"on_sale_at": types.StringType,
		"approved":   types.BoolType,
		"baseline":   capacityType,
		"steps":      types.ListType{ElemType: stepType},
	}}
)

// scheduleValue converts a computed schedule to its Terraform value, in
// the shape the orchestrator reads (showstate.ScheduleV0).
func scheduleValue(ctx context.Context, s timeline.Schedule, onSale time.Time) (types.Object, diag.Diagnostics) {
	return types.ObjectValueFrom(ctx, scheduleType.AttrTypes, showstate.NewScheduleV0(s, onSale))
}

// scheduleFrom reads a schedule value back. Hand-written schedules are
// accepted when they are well formed.
func scheduleFrom(ctx context.Context, v attr.Value) (timeline.Schedule, error) {
	obj, ok := v.(basetypes.ObjectValue)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return timeline.Schedule{}, fmt.Errorf("a show's schedule is required, such as hotshow_show.example.schedule")
	}
	var m showstate.ScheduleV0
	if diags := obj.As(ctx, &m, basetypes.ObjectAsOptions{}); diags.HasError() {
		return timeline.Schedule{}, fmt.Errorf("the schedule is not well formed: %s", diags[0].Detail())
	}
	return m.Schedule()
}
