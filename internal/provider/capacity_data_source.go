package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

var (
	_ datasource.DataSource                   = (*capacityDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*capacityDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*capacityDataSource)(nil)
)

// NewCapacityDataSource returns the hotshow_capacity data source.
func NewCapacityDataSource() datasource.DataSource { return &capacityDataSource{} }

type capacityDataSource struct {
	data *providerData
}

type capacityDataSourceModelV0 struct {
	Shows            types.List   `tfsdk:"shows"`
	Combine          types.String `tfsdk:"combine"`
	Floor            types.Map    `tfsdk:"floor"`
	Ceiling          types.Map    `tfsdk:"ceiling"`
	AsOf             types.String `tfsdk:"as_of"`
	Capacity         types.Map    `tfsdk:"capacity"`
	Phases           types.Map    `tfsdk:"phases"`
	NextTransitionAt types.String `tfsdk:"next_transition_at"`
	EvaluatedAt      types.String `tfsdk:"evaluated_at"`
	Capped           types.List   `tfsdk:"capped"`
}

func (d *capacityDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_capacity"
}

func (d *capacityDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Evaluates one or more shows' schedules at an instant: the capacity every dimension must have, each show's phase, and when the next transition is. " +
			"The instant comes from `as_of`, else the `" + EnvAsOf + "` environment variable (RFC 3339), else the clock; the same shows and instant always give the same numbers.",
		Attributes: map[string]schema.Attribute{
			"shows": schema.ListAttribute{
				MarkdownDescription: "The schedules of the shows feeding this fleet, such as `[hotshow_show.a.schedule, hotshow_show.b.schedule]`: strings of JSON in the form of `hotshow_show`'s `schedule`. Show names must be unique. May be empty (a calendar with no requests) when `floor` is set: the fleet is then at its floor.",
				ElementType:         types.StringType,
				Required:            true,
			},
			"combine": schema.StringAttribute{
				MarkdownDescription: "How the shows' capacities are combined per dimension: `max` (the default) or `sum`.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{stringvalidator.OneOf(timeline.CombineMax, timeline.CombineSum)},
			},
			"floor": schema.MapAttribute{
				MarkdownDescription: "Lower bound per dimension, in whole units, applied after combining. A dimension no show has is added at its floor.",
				ElementType:         types.NumberType,
				Optional:            true,
				Validators:          []validator.Map{capacityValidator{}},
			},
			"ceiling": schema.MapAttribute{
				MarkdownDescription: "Upper bound per dimension, in whole units, applied after combining and `floor`. Dimensions whose combined value was above it are listed in `capped`.",
				ElementType:         types.NumberType,
				Optional:            true,
				Validators:          []validator.Map{capacityValidator{}},
			},
			"as_of": schema.StringAttribute{
				MarkdownDescription: "Instant to evaluate at, RFC 3339 with an offset, such as `2026-12-01T08:30:00+11:00`. When unset, `" + EnvAsOf + "` is used when set and not empty, else the clock.",
				Optional:            true,
				Validators:          []validator.String{instantValidator{}},
			},
			"capacity": schema.MapAttribute{
				MarkdownDescription: "The combined, clamped capacity per dimension at `evaluated_at`, lead applied.",
				ElementType:         types.Int64Type,
				Computed:            true,
			},
			"phases": schema.MapAttribute{
				MarkdownDescription: "Each show's phase at `evaluated_at`, by show name: a phase name, or `scheduled`, `ended` or `unapproved`. Phases follow the program (no lead).",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"next_transition_at": schema.StringAttribute{
				MarkdownDescription: "The earliest instant after `evaluated_at` at which any show's phase or effective capacity changes, RFC 3339 UTC; null when none does.",
				Computed:            true,
			},
			"evaluated_at": schema.StringAttribute{
				MarkdownDescription: "The instant the capacity was evaluated at, RFC 3339 UTC.",
				Computed:            true,
			},
			"capped": schema.ListAttribute{
				MarkdownDescription: "The dimensions whose combined value was above `ceiling`, in order.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *capacityDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if data := providerDataFrom(req.ProviderData, &resp.Diagnostics, "Data Source"); data != nil {
		d.data = data
	}
}

// ValidateConfig checks the arguments at plan time even when the read itself
// is deferred to apply (because a show it depends on is new or changed).
func (d *capacityDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var cfg capacityDataSourceModelV0
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(cfg.checkBounds()...)
	if cfg.AsOf.IsNull() && d.data != nil {
		_, diags := d.data.envAsOf()
		resp.Diagnostics.Append(diags...)
	}
	if !cfg.Shows.IsUnknown() {
		_, diags := cfg.schedules()
		resp.Diagnostics.Append(diags...)
		// With no show, only the floor says what the fleet needs.
		if !cfg.Shows.IsNull() && len(cfg.Shows.Elements()) == 0 && (cfg.Floor.IsNull() || (!cfg.Floor.IsUnknown() && len(cfg.Floor.Elements()) == 0)) {
			resp.Diagnostics.AddAttributeError(path.Root("shows"), "No shows and no floor",
				"shows is empty and floor is unset: with no show the fleet's capacity is its floor, so set floor (the everyday capacity), such as floor = { web = 4 }.")
		}
	}
}

func (d *capacityDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m capacityDataSourceModelV0
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	shows, diags := m.schedules()
	resp.Diagnostics.Append(diags...)
	at, diags := d.instant(m.AsOf)
	resp.Diagnostics.Append(diags...)
	floor, _ := capacityAttr(&resp.Diagnostics, path.Root("floor"), m.Floor)
	ceiling, _ := capacityAttr(&resp.Diagnostics, path.Root("ceiling"), m.Ceiling)
	if resp.Diagnostics.HasError() {
		return
	}
	if m.Combine.IsNull() {
		m.Combine = types.StringValue(timeline.CombineMax)
	}
	r, err := timeline.Evaluate(shows, at, timeline.Options{Combine: m.Combine.ValueString(), Floor: floor, Ceiling: ceiling})
	if err != nil {
		resp.Diagnostics.AddError("Capacity Evaluation Failed", fmt.Sprintf("Evaluating the shows at %s failed: %s.", showstate.FormatInstant(at), err))
		return
	}
	resp.Diagnostics.Append(m.setResult(r)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// instant picks the evaluation instant: as_of, then HOTSHOW_AS_OF, then the clock.
func (d *capacityDataSource) instant(asOf types.String) (time.Time, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !asOf.IsNull() {
		t, ok := parseAttr(&diags, path.Root("as_of"), asOf, "Invalid Timestamp", timeline.ParseInstant)
		if ok {
			return t, diags
		}
		return time.Time{}, diags
	}
	if d.data == nil {
		diags.AddError("Provider Not Configured", "The hotshow provider was not configured before hotshow_capacity was read. Please report this issue to the provider developers.")
		return time.Time{}, diags
	}
	if t, diags := d.data.envAsOf(); diags.HasError() || t != nil {
		return derefTime(t), diags
	}
	return d.data.clock.Now().UTC(), diags
}

// envAsOf reads HOTSHOW_AS_OF; nil when it is unset or empty.
func (p *providerData) envAsOf() (*time.Time, diag.Diagnostics) {
	var diags diag.Diagnostics
	v, ok := p.lookupEnv(EnvAsOf)
	if !ok || v == "" {
		return nil, diags
	}
	t, err := timeline.ParseInstant(v)
	if err != nil {
		diags.AddAttributeError(path.Root("as_of"), "Invalid "+EnvAsOf,
			fmt.Sprintf("The environment variable %s sets the evaluation instant when as_of is unset, but %s. Set it to an RFC 3339 timestamp or unset it.", EnvAsOf, err))
		return nil, diags
	}
	return &t, diags
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return *t
}

func (m capacityDataSourceModelV0) checkBounds() diag.Diagnostics {
	var diags diag.Diagnostics
	if m.Floor.IsUnknown() || m.Ceiling.IsUnknown() {
		return diags
	}
	floor, okF := capacityAttr(&diag.Diagnostics{}, path.Root("floor"), m.Floor)
	ceiling, okC := capacityAttr(&diag.Diagnostics{}, path.Root("ceiling"), m.Ceiling)
	if !okF || !okC {
		return diags // the attribute validators report bad numbers
	}
	for _, dim := range floor.Dimensions() {
		if c, ok := ceiling[dim]; ok && floor[dim] > c {
			diags.AddAttributeError(path.Root("floor").AtMapKey(dim), "Floor Above Ceiling",
				fmt.Sprintf("floor[%q] is %d but ceiling[%q] is %d: the floor must not exceed the ceiling.", dim, floor[dim], dim, c))
		}
	}
	return diags
}

// schedules reads the known shows and checks their names are unique.
func (m capacityDataSourceModelV0) schedules() ([]timeline.Schedule, diag.Diagnostics) {
	var diags diag.Diagnostics
	var out []timeline.Schedule
	for i, v := range m.Shows.Elements() {
		if v.IsUnknown() {
			continue
		}
		s, err := scheduleFrom(v)
		if err != nil {
			diags.AddAttributeError(path.Root("shows").AtListIndex(i), "Invalid Show Schedule", fmt.Sprintf("shows[%d]: %s.", i, err))
			continue
		}
		out = append(out, s)
	}
	if err := timeline.CheckNames(out); err != nil && !diags.HasError() {
		diags.AddAttributeError(path.Root("shows"), "Duplicate Show Names", err.Error()+".")
	}
	return out, diags
}

func (m *capacityDataSourceModelV0) setResult(r timeline.Result) diag.Diagnostics {
	var diags, d diag.Diagnostics
	m.Capacity, d = types.MapValueFrom(context.Background(), types.Int64Type, r.Capacity)
	diags.Append(d...)
	m.Phases, d = types.MapValueFrom(context.Background(), types.StringType, r.Phases)
	diags.Append(d...)
	m.Capped, d = types.ListValueFrom(context.Background(), types.StringType, r.Capped)
	diags.Append(d...)
	m.EvaluatedAt = types.StringValue(showstate.FormatInstant(r.At))
	m.NextTransitionAt = types.StringNull()
	if r.Next != nil {
		m.NextTransitionAt = types.StringValue(showstate.FormatInstant(*r.Next))
	}
	return diags
}
