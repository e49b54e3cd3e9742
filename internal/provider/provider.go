// Package provider implements the hotshow Terraform provider: the hotshow_show
// resource and the hotshow_capacity, hotshow_sizing and hotshow_calendar data
// sources.
package provider

import (
	"context"
	"fmt"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// EnvAsOf names the environment variable that fixes the evaluation instant
// when a hotshow_capacity data source sets no as_of.
const EnvAsOf = timeline.EnvAsOf

var _ provider.Provider = (*hotshowProvider)(nil)

// Option changes how New builds the provider; tests use it to inject a clock
// and an environment.
type Option func(*hotshowProvider)

// WithClock makes the provider read time from c instead of the machine's clock.
func WithClock(c clock.Clock) Option { return func(p *hotshowProvider) { p.clock = c } }

// WithLookupEnv makes the provider read environment variables through f.
func WithLookupEnv(f func(string) (string, bool)) Option {
	return func(p *hotshowProvider) { p.lookupEnv = f }
}

// New returns a constructor for the provider at the given version. By default
// it reads the machine's clock and the process environment.
func New(version string, opts ...Option) func() provider.Provider {
	return func() provider.Provider {
		p := &hotshowProvider{version: version, clock: clock.Real{}, lookupEnv: os.LookupEnv}
		for _, o := range opts {
			o(p)
		}
		return p
	}
}

type hotshowProvider struct {
	version   string
	clock     clock.Clock
	lookupEnv func(string) (string, bool)
}

type hotshowProviderModelV0 struct {
	TimeZone types.String `tfsdk:"time_zone"`
	Lead     types.String `tfsdk:"lead"`
}

// providerData is what Configure hands to every resource and data source.
// A default is nil when the provider configuration is not known yet.
type providerData struct {
	clock     clock.Clock
	lookupEnv func(string) (string, bool)
	timeZone  *string
	lead      *string
}

func (p *hotshowProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "hotshow"
	resp.Version = p.version
}

func (p *hotshowProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The hotshow provider turns hot shows (on-sales where traffic jumps from zero to hundreds of thousands of users in a minute) into timelines of capacity, and evaluates the capacity every dimension must have at a given instant.",
		Attributes: map[string]schema.Attribute{
			"time_zone": schema.StringAttribute{
				MarkdownDescription: "IANA time zone in which a show's `on_sale_at` is read when it is written as local wall time and the show sets no `time_zone` of its own, such as `Australia/Sydney`. Defaults to `UTC`.",
				Optional:            true,
				Validators:          []validator.String{zoneValidator{}},
			},
			"lead": schema.StringAttribute{
				MarkdownDescription: "Default lead for shows that set none: how long capacity takes to become useful, as a duration such as `5m`. Increases take effect this much early; decreases never do. Defaults to `0s`.",
				Optional:            true,
				Validators:          []validator.String{leadValidator{}},
			},
		},
	}
}

func (p *hotshowProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg hotshowProviderModelV0
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	data := &providerData{clock: p.clock, lookupEnv: p.lookupEnv}
	data.timeZone = stringOr(cfg.TimeZone, "UTC")
	data.lead = stringOr(cfg.Lead, "0s")
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *hotshowProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewShowResource}
}

func (p *hotshowProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewCapacityDataSource, NewSizingDataSource, NewCalendarDataSource}
}

// stringOr returns v's value, def when v is null, and nil when v is unknown.
func stringOr(v types.String, def string) *string {
	switch {
	case v.IsUnknown():
		return nil
	case v.IsNull():
		return &def
	default:
		s := v.ValueString()
		return &s
	}
}

// providerDataFrom checks the value Configure hands to resources and data
// sources (nil until the provider is configured).
func providerDataFrom(v any, diags *diag.Diagnostics, kind string) *providerData {
	if v == nil {
		return nil
	}
	data, ok := v.(*providerData)
	if !ok {
		diags.AddError("Unexpected "+kind+" Configure Type",
			fmt.Sprintf("Expected *providerData, got: %T. Please report this issue to the provider developers.", v))
		return nil
	}
	return data
}
