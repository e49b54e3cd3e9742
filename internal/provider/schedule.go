package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The Terraform type of a show's schedule, shared by hotshow_show (which
// computes it) and hotshow_capacity (which reads a list of them).
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

type scheduleModelV0 struct {
	Name     string           `tfsdk:"name"`
	OnSaleAt string           `tfsdk:"on_sale_at"`
	Approved bool             `tfsdk:"approved"`
	Baseline map[string]int64 `tfsdk:"baseline"`
	Steps    []stepModelV0    `tfsdk:"steps"`
}

type stepModelV0 struct {
	At       string           `tfsdk:"at"`
	Phase    string           `tfsdk:"phase"`
	Capacity map[string]int64 `tfsdk:"capacity"`
}

// scheduleValue converts a computed schedule to its Terraform value.
func scheduleValue(ctx context.Context, s timeline.Schedule, onSale time.Time) (types.Object, diag.Diagnostics) {
	m := scheduleModelV0{Name: s.Name, OnSaleAt: formatInstant(onSale), Approved: s.Approved, Baseline: s.Baseline, Steps: []stepModelV0{}}
	for _, st := range s.Steps {
		m.Steps = append(m.Steps, stepModelV0{At: formatInstant(st.At), Phase: st.Phase, Capacity: st.Capacity})
	}
	return types.ObjectValueFrom(ctx, scheduleType.AttrTypes, m)
}

// scheduleFrom reads a schedule value back. Hand-written schedules are
// accepted when they are well formed.
func scheduleFrom(ctx context.Context, v attr.Value) (timeline.Schedule, error) {
	obj, ok := v.(basetypes.ObjectValue)
	if !ok || obj.IsNull() || obj.IsUnknown() {
		return timeline.Schedule{}, fmt.Errorf("a show's schedule is required, such as hotshow_show.example.schedule")
	}
	var m scheduleModelV0
	if diags := obj.As(ctx, &m, basetypes.ObjectAsOptions{}); diags.HasError() {
		return timeline.Schedule{}, fmt.Errorf("the schedule is not well formed: %s", diags[0].Detail())
	}
	s := timeline.Schedule{Name: m.Name, Approved: m.Approved, Baseline: m.Baseline}
	for i, st := range m.Steps {
		at, err := timeline.ParseInstant(st.At)
		if err != nil {
			return timeline.Schedule{}, fmt.Errorf("steps[%d].at: %w", i, err)
		}
		if i > 0 && !at.After(s.Steps[i-1].At) {
			return timeline.Schedule{}, fmt.Errorf("steps[%d].at %s does not come after the step before it", i, st.At)
		}
		s.Steps = append(s.Steps, timeline.Step{At: at, Phase: st.Phase, Capacity: st.Capacity})
	}
	return s, nil
}

func formatInstant(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
