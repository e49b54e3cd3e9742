package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
)

// showResourceModelV0 is the show's state in schema version 0, whose
// schedule was a nested object (showstate.ScheduleV0).
type showResourceModelV0 struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	OnSaleAt    types.String `tfsdk:"on_sale_at"`
	TimeZone    types.String `tfsdk:"time_zone"`
	Lead        types.String `tfsdk:"lead"`
	Approved    types.Bool   `tfsdk:"approved"`
	Baseline    types.Map    `tfsdk:"baseline"`
	Phases      types.List   `tfsdk:"phases"`
	End         types.String `tfsdk:"end"`
	OnSaleAtUTC types.String `tfsdk:"on_sale_at_utc"`
	Schedule    types.Object `tfsdk:"schedule"`
}

// showSchemaV0 is the schema of version 0: version 1's but for schedule.
func showSchemaV0() schema.Schema {
	s := showSchema()
	s.Version = 0
	s.Attributes["schedule"] = schema.SingleNestedAttribute{
		Computed: true,
		Attributes: map[string]schema.Attribute{
			"name":       schema.StringAttribute{Computed: true},
			"on_sale_at": schema.StringAttribute{Computed: true},
			"approved":   schema.BoolAttribute{Computed: true},
			"baseline":   schema.MapAttribute{Computed: true, ElementType: types.Int64Type},
			"steps": schema.ListNestedAttribute{
				Computed: true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"at":       schema.StringAttribute{Computed: true},
					"phase":    schema.StringAttribute{Computed: true},
					"capacity": schema.MapAttribute{Computed: true, ElementType: types.Int64Type},
				}},
			},
		},
	}
	return s
}

// UpgradeState upgrades a show's state from schema version 0.
func (r *showResource) UpgradeState(_ context.Context) map[int64]resource.StateUpgrader {
	v0 := showSchemaV0()
	return map[int64]resource.StateUpgrader{
		0: {PriorSchema: &v0, StateUpgrader: upgradeShowStateV0toV1},
	}
}

// upgradeShowStateV0toV1 encodes the stored schedule object as JSON, the
// same JSON the show computes from its definition, so that a show the
// previous version applied plans no change. Every other attribute is kept.
func upgradeShowStateV0toV1(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
	var prior showResourceModelV0
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	schedule := types.StringNull()
	if !prior.Schedule.IsNull() && !prior.Schedule.IsUnknown() {
		var m showstate.ScheduleV0
		resp.Diagnostics.Append(prior.Schedule.As(ctx, &m, basetypes.ObjectAsOptions{})...)
		if resp.Diagnostics.HasError() {
			return
		}
		v, err := m.V1()
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("schedule"), "Schedule Not Upgraded",
				fmt.Sprintf("The show's schedule, stored as an object by schema version 0, could not be encoded as JSON: %s. Please report this issue to the provider developers.", err))
			return
		}
		schedule = types.StringValue(string(v))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, showResourceModelV1{
		ID: prior.ID, Name: prior.Name, OnSaleAt: prior.OnSaleAt, TimeZone: prior.TimeZone, Lead: prior.Lead,
		Approved: prior.Approved, Baseline: prior.Baseline, Phases: prior.Phases, End: prior.End,
		OnSaleAtUTC: prior.OnSaleAtUTC, Schedule: schedule,
	})...)
}
