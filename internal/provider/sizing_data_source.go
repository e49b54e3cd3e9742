package provider

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

var (
	_ datasource.DataSource                   = (*sizingDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*sizingDataSource)(nil)
)

// NewSizingDataSource returns the hotshow_sizing data source.
func NewSizingDataSource() datasource.DataSource { return &sizingDataSource{} }

type sizingDataSource struct{}

type sizingDataSourceModelV0 struct {
	PeakArrivals  types.Number `tfsdk:"peak_arrivals"`
	ArrivalWindow types.String `tfsdk:"arrival_window"`
	Units         types.Map    `tfsdk:"units"`
	ArrivalRPS    types.Number `tfsdk:"arrival_rps"`
	Capacity      types.Map    `tfsdk:"capacity"`
}

type unitModelV0 struct {
	PerUnitRPS types.Number `tfsdk:"per_unit_rps"`
	Headroom   types.Number `tfsdk:"headroom"`
	Min        types.Number `tfsdk:"min"`
	Max        types.Number `tfsdk:"max"`
}

// unit is a checked unitModelV0; max < 0 means no upper bound.
type unit struct {
	perUnitRPS, headroom float64
	min, max             int64
}

func (d *sizingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sizing"
}

func (d *sizingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Turns expected demand into units of capacity: `arrival_rps = peak_arrivals / seconds(arrival_window)`, and for each unit " +
			"`capacity = clamp(ceil(arrival_rps × (1 + headroom) / per_unit_rps), min, max)`. Use it to size a show's peak phase.",
		Attributes: map[string]schema.Attribute{
			"peak_arrivals": schema.NumberAttribute{
				MarkdownDescription: "Users arriving at the on-sale, a whole number, such as `300000`.",
				Required:            true,
				Validators:          []validator.Number{wholeValidator{}},
			},
			"arrival_window": schema.StringAttribute{
				MarkdownDescription: "How long the arrivals take, a positive duration such as `1m`.",
				Required:            true,
			},
			"units": schema.MapNestedAttribute{
				MarkdownDescription: "The kinds of capacity to size, by dimension name.",
				Required:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"per_unit_rps": schema.NumberAttribute{MarkdownDescription: "Requests per second one unit serves; more than 0.", Required: true},
					"headroom":     schema.NumberAttribute{MarkdownDescription: "Spare fraction on top of the demand, 0 or more (`0.3` is 30 %). Defaults to 0.", Optional: true},
					"min":          schema.NumberAttribute{MarkdownDescription: "Fewest units, a whole number. Defaults to 0.", Optional: true, Validators: []validator.Number{wholeValidator{}}},
					"max":          schema.NumberAttribute{MarkdownDescription: "Most units, a whole number not below `min`. Unbounded when unset.", Optional: true, Validators: []validator.Number{wholeValidator{}}},
				}},
			},
			"arrival_rps": schema.NumberAttribute{MarkdownDescription: "Arrivals per second: `peak_arrivals` divided by the seconds in `arrival_window`.", Computed: true},
			"capacity":    schema.MapAttribute{MarkdownDescription: "Units needed per dimension.", ElementType: types.Int64Type, Computed: true},
		},
	}
}

func (d *sizingDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m sizingDataSourceModelV0
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	parseAttr(&resp.Diagnostics, path.Root("arrival_window"), m.ArrivalWindow, "Invalid Arrival Window", parseWindow)
	m.units(ctx, &resp.Diagnostics)
}

func (d *sizingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m sizingDataSourceModelV0
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	window, _ := parseAttr(&resp.Diagnostics, path.Root("arrival_window"), m.ArrivalWindow, "Invalid Arrival Window", parseWindow)
	units := m.units(ctx, &resp.Diagnostics)
	arrivals, err := wholeNonNegative(m.PeakArrivals.ValueBigFloat())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("peak_arrivals"), "Invalid Number", fmt.Sprintf("peak_arrivals: %s.", err))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	rps := float64(arrivals) / window.Seconds()
	capacity := timeline.Capacity{}
	for name, u := range units {
		capacity[name] = u.size(rps)
	}
	m.ArrivalRPS = types.NumberValue(big.NewFloat(rps))
	var diags diag.Diagnostics
	m.Capacity, diags = types.MapValueFrom(ctx, types.Int64Type, capacity)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// size is clamp(ceil(rps × (1 + headroom) / per_unit_rps), min, max). The
// quotient is rounded to nine decimals first, so that a decimal headroom such
// as 0.3 (not exact in binary) cannot push an exact result up a unit.
func (u unit) size(rps float64) int64 {
	need := rps * (1 + u.headroom) / u.perUnitRPS
	n := int64(math.Ceil(math.Round(need*1e9) / 1e9))
	n = max(n, u.min)
	if u.max >= 0 {
		n = min(n, u.max)
	}
	return n
}

func parseWindow(s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q is not a positive duration: write one such as \"1m\" or \"90s\"", s)
	}
	return d, nil
}

// units reads and checks the known units, adding diagnostics on their paths.
func (m sizingDataSourceModelV0) units(ctx context.Context, diags *diag.Diagnostics) map[string]unit {
	out := map[string]unit{}
	if m.Units.IsUnknown() || m.Units.IsNull() {
		return out
	}
	var models map[string]unitModelV0
	if d := m.Units.ElementsAs(ctx, &models, false); d.HasError() {
		return out
	}
	for name, um := range models {
		if u, ok := um.check(path.Root("units").AtMapKey(name), diags); ok {
			out[name] = u
		}
	}
	return out
}

func (um unitModelV0) check(at path.Path, diags *diag.Diagnostics) (unit, bool) {
	u := unit{max: -1}
	if um.PerUnitRPS.IsUnknown() || um.Headroom.IsUnknown() || um.Min.IsUnknown() || um.Max.IsUnknown() {
		return u, false
	}
	u.perUnitRPS, _ = um.PerUnitRPS.ValueBigFloat().Float64()
	if !(u.perUnitRPS > 0) {
		diags.AddAttributeError(at.AtName("per_unit_rps"), "Invalid Unit", fmt.Sprintf("%s: must be more than 0, the requests per second one unit serves.", at.AtName("per_unit_rps")))
	}
	if !um.Headroom.IsNull() {
		u.headroom, _ = um.Headroom.ValueBigFloat().Float64()
	}
	if u.headroom < 0 {
		diags.AddAttributeError(at.AtName("headroom"), "Invalid Unit", fmt.Sprintf("%s: must be 0 or more, such as 0.3 for 30 %% spare.", at.AtName("headroom")))
	}
	if !um.Min.IsNull() {
		u.min, _ = wholeNonNegative(um.Min.ValueBigFloat())
	}
	if !um.Max.IsNull() {
		u.max, _ = wholeNonNegative(um.Max.ValueBigFloat())
		if u.max < u.min {
			diags.AddAttributeError(at.AtName("max"), "Invalid Unit", fmt.Sprintf("%s: %d is below min (%d): max must not be less than min.", at.AtName("max"), u.max, u.min))
		}
	}
	return u, !diags.HasError()
}
