package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
)

var (
	_ resource.Resource                   = (*showResource)(nil)
	_ resource.ResourceWithConfigure      = (*showResource)(nil)
	_ resource.ResourceWithValidateConfig = (*showResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*showResource)(nil)
	_ resource.ResourceWithImportState    = (*showResource)(nil)
	_ resource.ResourceWithUpgradeState   = (*showResource)(nil)
)

// NewShowResource returns the hotshow_show resource.
func NewShowResource() resource.Resource { return &showResource{} }

type showResource struct {
	data *providerData
}

// showResourceModelV1 is the show's state from schema version 1 on, whose
// schedule is a string of JSON (showstate.ScheduleV1).
type showResourceModelV1 struct {
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
	Schedule    types.String `tfsdk:"schedule"`
}

// phaseType is the type of an element of phases.
var phaseType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "start": types.StringType, "capacity": types.MapType{ElemType: types.NumberType},
}}

func (r *showResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_show"
}

func (r *showResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = showSchema()
}

// showSchema is the resource's schema. Version 1 changed the type of
// schedule from a nested object to a string of JSON (see UpgradeState).
func showSchema() schema.Schema {
	return schema.Schema{
		Version: 1,
		MarkdownDescription: "A hot show: an on-sale instant and a program of capacity phases around it. " +
			"The resource holds only time-independent values: its normalized `schedule` is computed from configuration alone, " +
			"so it is known at plan time and never changes between plan and apply. Evaluate it at an instant with the `hotshow_capacity` data source. " +
			"Every attribute updates in place.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Identifier: the show's name in lower-case words joined by `-`, then `@` and `on_sale_at_utc`.",
				Computed:            true,
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the show, unique among the shows given to one `hotshow_capacity`. Phases are reported under it.",
				Required:            true,
			},
			"on_sale_at": schema.StringAttribute{
				MarkdownDescription: "The on-sale instant: RFC 3339 with an offset (`2026-12-01T09:00:00+11:00`), or venue-local wall time (`2026-12-01T09:00:00`) read in `time_zone`. " +
					"A local time that the zone skips (spring forward) or repeats (fall back) is an error naming both readings.",
				Required: true,
			},
			"time_zone": schema.StringAttribute{
				MarkdownDescription: "IANA time zone of the venue, such as `Australia/Sydney`. Validated even when `on_sale_at` carries an offset. Defaults to the provider's `time_zone`.",
				Optional:            true,
				Computed:            true,
			},
			"lead": schema.StringAttribute{
				MarkdownDescription: "How long capacity takes to become useful (instances boot, tables warm), such as `10m`. Every increase takes effect this much early; decreases take effect on time. Defaults to the provider's `lead`.",
				Optional:            true,
				Computed:            true,
			},
			"approved": schema.BoolAttribute{
				MarkdownDescription: "Whether the show is procured. An unapproved show is declared but stays at its baseline and reports the phase `unapproved`. Defaults to `true`.",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"baseline": schema.MapAttribute{
				MarkdownDescription: "Capacity per dimension outside the show (before its first phase and from `end` on), in whole units. A dimension it does not name is 0.",
				ElementType:         types.NumberType,
				Optional:            true,
			},
			"phases": schema.ListNestedAttribute{
				MarkdownDescription: "The program, in order of start. Each phase lasts until the next one starts; the last lasts until `end`.",
				Required:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						MarkdownDescription: "Name of the phase, unique within the show; `scheduled`, `ended` and `unapproved` are reserved.",
						Required:            true,
					},
					"start": schema.StringAttribute{
						MarkdownDescription: "Offset from the on-sale instant at which the phase starts, in elapsed time, such as `-60m`, `0s` or `+90m`. Starts strictly increase. The start is inclusive.",
						Required:            true,
					},
					"capacity": schema.MapAttribute{
						MarkdownDescription: "Capacity per dimension during the phase, in whole units. A dimension it does not name is at its baseline; a phase may go below the baseline.",
						ElementType:         types.NumberType,
						Optional:            true,
					},
				}},
			},
			"end": schema.StringAttribute{
				MarkdownDescription: "Offset from the on-sale instant at which the last phase ends and the show returns to its baseline, such as `+3h`. Must come after the last phase's start.",
				Required:            true,
			},
			"on_sale_at_utc": schema.StringAttribute{
				MarkdownDescription: "The on-sale instant in RFC 3339 UTC.",
				Computed:            true,
			},
			"schedule": schema.StringAttribute{
				MarkdownDescription: "The normalized timeline, for `hotshow_capacity`, as a string of JSON on one line: the show's `name`, `on_sale_at` (RFC 3339 UTC), " +
					"`approved`, `baseline` (capacity outside the show, for every dimension the show names) and `steps`, every instant at which its phase or effective " +
					"capacity changes (lead applied), in order, each with its instant `at` (RFC 3339 UTC), the `phase` from then on (a phase name, or `scheduled` or `ended`) " +
					"and the effective `capacity` from then on. Before the first step the show is `scheduled` at its baseline. Keys come in this order and capacity maps by " +
					"dimension name, so an unchanged timeline is an unchanged string; `terraform plan` shows a change inside it as a change of the decoded value. " +
					"Read it with `jsondecode`, such as `jsondecode(hotshow_show.example.schedule).steps[0].at`.",
				Computed: true,
			},
		},
	}
}

func (r *showResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if data := providerDataFrom(req.ProviderData, &resp.Diagnostics, "Resource"); data != nil {
		r.data = data
	}
}

// ValidateConfig checks the show before any provider configuration is known.
// UTC stands in for a provider default zone: no wall time is missing or
// repeated in UTC, so only DST errors are left for ModifyPlan to find.
func (r *showResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg showResourceModelV1
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	utc, zero := "UTC", "0s"
	_, _, diags := cfg.toShow(&utc, &zero)
	resp.Diagnostics.Append(diags...)
}

// ModifyPlan resolves the defaults and computes everything derived from
// configuration, so that a new show's schedule is known at plan time.
//
// Every attribute that is not computed is planned as configured, and
// approved has its default applied already, so the plan is the
// configuration plus what compute derives. A show whose definition is
// unchanged is proposed with its prior state, which holds those values
// already; the plan is then left as it is rather than converted and set
// again, which on a stack of a thousand shows is most of this method's cost.
func (r *showResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan showResourceModelV1
	resp.Diagnostics.Append(req.Config.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("approved"), &plan.Approved)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(plan.compute(r.data)...)
	if resp.Diagnostics.HasError() || plan.computedIn(ctx, req.Plan) {
		return
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// computedIn reports whether the plan holds m's computed attributes already.
func (m showResourceModelV1) computedIn(ctx context.Context, p tfsdk.Plan) bool {
	for name, want := range map[string]types.String{
		"id": m.ID, "time_zone": m.TimeZone, "lead": m.Lead, "on_sale_at_utc": m.OnSaleAtUTC, "schedule": m.Schedule,
	} {
		var got types.String
		if diags := p.GetAttribute(ctx, path.Root(name), &got); diags.HasError() || !got.Equal(want) {
			return false
		}
	}
	return true
}

func (r *showResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan showResourceModelV1
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read keeps the state as it is: a show exists only in Terraform. The
// framework starts the response from the prior state, so there is nothing
// to convert or set.
func (r *showResource) Read(_ context.Context, _ resource.ReadRequest, _ *resource.ReadResponse) {
}

func (r *showResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan showResourceModelV1
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete has nothing to remove outside Terraform's state.
func (r *showResource) Delete(_ context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
}

// ImportState takes the show's definition as JSON, since a show has no
// existence outside Terraform to read it from.
func (r *showResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	m, err := showFromJSON(ctx, req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID",
			fmt.Sprintf("The import ID must be the show's definition as a JSON object, such as "+
				`{"name":"Eras Tour","on_sale_at":"2026-12-01T09:00:00","time_zone":"Australia/Sydney","phases":[{"name":"peak","start":"0s","capacity":{"web":100}}],"end":"+3h"}: %s.`, err))
		return
	}
	resp.Diagnostics.Append(m.compute(r.data)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// compute fills the defaulted and derived attributes of a model whose
// time_zone and lead hold their configured values (null when not set).
func (m *showResourceModelV1) compute(data *providerData) diag.Diagnostics {
	var zone, lead *string
	if data != nil {
		zone, lead = data.timeZone, data.lead
	}
	m.TimeZone, m.Lead = orDefault(m.TimeZone, zone), orDefault(m.Lead, lead)
	show, known, diags := m.toShow(zone, lead)
	if diags.HasError() || !known {
		m.ID, m.OnSaleAtUTC, m.Schedule = types.StringUnknown(), types.StringUnknown(), types.StringUnknown()
		return diags
	}
	m.ID = types.StringValue(showID(show.Name, show.OnSale))
	m.OnSaleAtUTC = types.StringValue(showstate.FormatInstant(show.OnSale))
	var d diag.Diagnostics
	m.Schedule, d = scheduleValue(show.Schedule(), show.OnSale)
	diags.Append(d...)
	return diags
}

// orDefault returns v, or the default when v is null (unknown when the
// default is not known).
func orDefault(v types.String, def *string) types.String {
	switch {
	case !v.IsNull():
		return v
	case def == nil:
		return types.StringUnknown()
	default:
		return types.StringValue(*def)
	}
}

// showID joins the show's name, as lower-case words, and its on-sale instant.
func showID(name string, onSale time.Time) string {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(words, "-") + "@" + showstate.FormatInstant(onSale)
}

// showImportV0 is the JSON form of a show's definition accepted by import.
type showImportV0 struct {
	Name     string           `json:"name"`
	OnSaleAt string           `json:"on_sale_at"`
	TimeZone *string          `json:"time_zone"`
	Lead     *string          `json:"lead"`
	Approved *bool            `json:"approved"`
	Baseline map[string]int64 `json:"baseline"`
	Phases   []struct {
		Name     string           `json:"name"`
		Start    string           `json:"start"`
		Capacity map[string]int64 `json:"capacity"`
	} `json:"phases"`
	End string `json:"end"`
}

func showFromJSON(ctx context.Context, id string) (*showResourceModelV1, error) {
	var in showImportV0
	dec := json.NewDecoder(strings.NewReader(id))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, err
	}
	m := &showResourceModelV1{
		Name: types.StringValue(in.Name), OnSaleAt: types.StringValue(in.OnSaleAt), End: types.StringValue(in.End),
		TimeZone: types.StringPointerValue(in.TimeZone), Lead: types.StringPointerValue(in.Lead),
		Approved: types.BoolValue(in.Approved == nil || *in.Approved), Baseline: types.MapNull(types.NumberType),
	}
	var diags diag.Diagnostics
	if in.Baseline != nil {
		m.Baseline, diags = types.MapValueFrom(ctx, types.NumberType, in.Baseline)
	}
	phases := []attr.Value{}
	for _, p := range in.Phases {
		c := types.MapNull(types.NumberType)
		if p.Capacity != nil {
			var d diag.Diagnostics
			c, d = types.MapValueFrom(ctx, types.NumberType, p.Capacity)
			diags.Append(d...)
		}
		phases = append(phases, types.ObjectValueMust(phaseType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(p.Name), "start": types.StringValue(p.Start), "capacity": c,
		}))
	}
	var d diag.Diagnostics
	m.Phases, d = types.ListValue(phaseType, phases)
	if diags.Append(d...); diags.HasError() {
		return nil, fmt.Errorf("%s", diags[0].Detail())
	}
	return m, nil
}
