package provider

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

var (
	_ datasource.DataSource                   = (*calendarDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*calendarDataSource)(nil)
)

// NewCalendarDataSource returns the hotshow_calendar data source.
func NewCalendarDataSource() datasource.DataSource { return &calendarDataSource{} }

type calendarDataSource struct{}

type calendarDataSourceModelV0 struct {
	File      types.String `tfsdk:"file"`
	URL       types.String `tfsdk:"url"`
	DynamoDB  types.Object `tfsdk:"dynamodb"`
	Profiles  types.List   `tfsdk:"profiles"`
	Requests  types.Map    `tfsdk:"requests"`
	Invalid   types.Map    `tfsdk:"invalid"`
	Cancelled types.List   `tfsdk:"cancelled"`
}

type calendarDynamoDBModelV0 struct {
	Table    types.String `tfsdk:"table"`
	Region   types.String `tfsdk:"region"`
	Endpoint types.String `tfsdk:"endpoint"`
	Profile  types.String `tfsdk:"profile"`
}

// calendarRequestType is the type of an element of requests.
var calendarRequestType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"ticket": types.StringType, "name": types.StringType, "on_sale_at": types.StringType, "time_zone": types.StringType,
	"on_sale_at_utc": types.StringType, "profile": types.StringType, "expected_demand": types.Int64Type,
	"approved": types.BoolType, "requester": types.StringType,
}}

// calendarSources are the attributes that name a calendar, exactly one of which is set.
var calendarSources = []string{"file", "url", "dynamodb"}

func (d *calendarDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_calendar"
}

func (d *calendarDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	str := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a calendar of requested shows (a JSON file, an HTTPS feed or a DynamoDB table, one request per ticket) and returns the valid ones, " +
			"keyed by ticket, to create one `hotshow_show` each with `for_each`. A request that is not valid is left out and listed in `invalid` with the reason; " +
			"it never fails the read. An on-sale in the past is not a reason: a show stays in the stack after its on-sale.",
		Attributes: map[string]schema.Attribute{
			"file": schema.StringAttribute{
				MarkdownDescription: "Path of a JSON file holding an array of requests, relative to the working directory, such as `\"${path.module}/calendar.json\"`. A missing file is an empty calendar. Exactly one of `file`, `url` and `dynamodb` is set.",
				Optional:            true,
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "An `https://` URL answering a JSON array of requests, such as `https://calendar.example.com/shows.json`. Exactly one of `file`, `url` and `dynamodb` is set.",
				Optional:            true,
			},
			"dynamodb": schema.SingleNestedAttribute{
				MarkdownDescription: "A DynamoDB table with partition key `ticket` (a string), one item per request. Credentials come from the default AWS chain. Exactly one of `file`, `url` and `dynamodb` is set.",
				Optional:            true,
				Attributes: map[string]schema.Attribute{
					"table":    schema.StringAttribute{MarkdownDescription: "Name of the table, such as `hotshow-calendar`.", Required: true},
					"region":   schema.StringAttribute{MarkdownDescription: "AWS region of the table, such as `ap-southeast-2`. Defaults to the environment's (`AWS_REGION`, or the profile's).", Optional: true},
					"endpoint": schema.StringAttribute{MarkdownDescription: "URL of the DynamoDB endpoint, for a VPC endpoint or a local server such as `http://127.0.0.1:8000`. Defaults to the region's.", Optional: true},
					"profile":  schema.StringAttribute{MarkdownDescription: "Shared-configuration profile to take credentials and region from, such as `ops`.", Optional: true},
				},
			},
			"profiles": schema.ListAttribute{
				MarkdownDescription: "The show profiles this stack describes, such as `[\"arena\", \"stadium\"]`. A request naming another profile is left out (see `invalid`).",
				ElementType:         types.StringType,
				Required:            true,
			},
			"requests": schema.MapNestedAttribute{
				MarkdownDescription: "Every valid request that is not cancelled, by ticket: approved or not (give `approved` to `hotshow_show`, which keeps an unapproved show at its baseline).",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"ticket":          str("The request's ticket, such as `TIX-123`: the key of `requests`."),
					"name":            str("The show's name."),
					"on_sale_at":      str("The on-sale as `hotshow_show`'s `on_sale_at` takes it with `time_zone`: the venue's wall time with seconds, such as `2026-12-01T09:00:00`, or, for a time the zone's clocks show twice, RFC 3339 with the offset the calendar gave."),
					"time_zone":       str("The venue's IANA time zone, such as `Australia/Sydney`."),
					"on_sale_at_utc":  str("The on-sale instant in RFC 3339 UTC."),
					"profile":         str("The show profile, one of `profiles`."),
					"expected_demand": schema.Int64Attribute{MarkdownDescription: "Fans expected to arrive in the on-sale's first minute; 1 or more.", Computed: true},
					"approved":        schema.BoolAttribute{MarkdownDescription: "Whether the request is approved.", Computed: true},
					"requester":       str("Who asked for the show; null when the calendar does not say."),
				}},
			},
			"invalid": schema.MapAttribute{
				MarkdownDescription: "Why each request left out was left out, by ticket, such as `{ \"TIX-7\" = \"time_zone: \\\"Australia/Sydny\\\" is not an IANA time zone such as \\\"Australia/Sydney\\\"\" }`. Rows without a readable ticket are under `\"\"`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
			"cancelled": schema.ListAttribute{
				MarkdownDescription: "The tickets of cancelled requests, sorted.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

// ValidateConfig checks the arguments at plan time, before any calendar is read.
func (d *calendarDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m calendarDataSourceModelV0
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.checkSource(ctx)...)
	resp.Diagnostics.Append(m.checkProfiles()...)
}

// checkSource checks that exactly one source is set, and what of it is known.
func (m calendarDataSourceModelV0) checkSource(ctx context.Context) diag.Diagnostics {
	var diags diag.Diagnostics
	values := map[string]attr.Value{"file": m.File, "url": m.URL, "dynamodb": m.DynamoDB}
	var set []string
	for _, name := range calendarSources {
		if !values[name].IsNull() {
			set = append(set, name)
		}
	}
	switch len(set) {
	case 0:
		diags.AddAttributeError(path.Root("file"), "Missing Calendar",
			"Set exactly one of file, url or dynamodb: where the calendar is read from, such as file = \"calendar.json\".")
		return diags
	case 1:
	default:
		both := fmt.Sprintf("%s and %s are both set", set[0], set[1])
		if len(set) == 3 {
			both = "file, url and dynamodb are all set"
		}
		diags.AddAttributeError(path.Root(set[1]), "Conflicting Calendars", both+": set exactly one of file, url or dynamodb.")
		return diags
	}
	if !m.File.IsNull() && !m.File.IsUnknown() && m.File.ValueString() == "" {
		diags.AddAttributeError(path.Root("file"), "Invalid Calendar File", "file: empty: give the path of the calendar's JSON file, such as \"calendar.json\".")
	}
	if !m.URL.IsNull() && !m.URL.IsUnknown() {
		if err := calendar.CheckURL(m.URL.ValueString()); err != nil {
			diags.AddAttributeError(path.Root("url"), "Invalid Calendar URL", fmt.Sprintf("url: %s.", err))
		}
	}
	if !m.DynamoDB.IsNull() && !m.DynamoDB.IsUnknown() {
		var t calendarDynamoDBModelV0
		if d := m.DynamoDB.As(ctx, &t, basetypes.ObjectAsOptions{}); d.HasError() {
			return append(diags, d...)
		}
		if !t.Table.IsUnknown() && t.Table.ValueString() == "" {
			diags.AddAttributeError(path.Root("dynamodb").AtName("table"), "Invalid Calendar Table",
				"dynamodb.table: empty: name the calendar's table, such as \"hotshow-calendar\".")
		}
	}
	return diags
}

func (m calendarDataSourceModelV0) checkProfiles() diag.Diagnostics {
	var diags diag.Diagnostics
	if m.Profiles.IsUnknown() || m.Profiles.IsNull() {
		return diags
	}
	if len(m.Profiles.Elements()) == 0 {
		diags.AddAttributeError(path.Root("profiles"), "No Profiles",
			"profiles: empty: list the show profiles this stack describes, such as [\"arena\", \"stadium\"]; a request naming another is left out.")
	}
	for i, v := range m.Profiles.Elements() {
		s, ok := v.(types.String)
		if ok && !s.IsUnknown() && (s.IsNull() || s.ValueString() == "") {
			diags.AddAttributeError(path.Root("profiles").AtListIndex(i), "Invalid Profile",
				fmt.Sprintf("profiles[%d]: empty: give the profile's name, such as \"stadium\".", i))
		}
	}
	return diags
}

func (d *calendarDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m calendarDataSourceModelV0
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	resp.Diagnostics.Append(m.checkSource(ctx)...)
	resp.Diagnostics.Append(m.checkProfiles()...)
	if resp.Diagnostics.HasError() {
		return
	}
	var profiles []string
	resp.Diagnostics.Append(m.Profiles.ElementsAs(ctx, &profiles, false)...)
	src, at, diags := m.open(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	rows, err := src.List(ctx)
	if err != nil {
		resp.Diagnostics.AddAttributeError(at, "Calendar Unreadable", fmt.Sprintf("Could not read the calendar: %s.", err))
		return
	}
	requests, invalid, cancelled := sortRequests(rows, calendar.Rules{Profiles: profiles})
	resp.Diagnostics.Append(m.setResult(ctx, requests, invalid, cancelled)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// open opens the one source the configuration names, and gives its attribute.
func (m calendarDataSourceModelV0) open(ctx context.Context) (calendar.Source, path.Path, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch {
	case !m.File.IsNull():
		return calendar.OpenFile(m.File.ValueString()), path.Root("file"), diags
	case !m.URL.IsNull():
		return calendar.OpenURL(m.URL.ValueString(), nil), path.Root("url"), diags
	}
	at := path.Root("dynamodb")
	var t calendarDynamoDBModelV0
	if diags = m.DynamoDB.As(ctx, &t, basetypes.ObjectAsOptions{}); diags.HasError() {
		return nil, at, diags
	}
	src, err := calendar.OpenDynamoDB(ctx, calendar.DynamoDB{Table: t.Table.ValueString(), Region: t.Region.ValueString(),
		Endpoint: t.Endpoint.ValueString(), Profile: t.Profile.ValueString()})
	if err != nil {
		diags.AddAttributeError(at, "Calendar Unreadable", fmt.Sprintf("Could not open the calendar: %s.", err))
		return nil, at, diags
	}
	return src, at, diags
}

// sortRequests sorts the rows into requests to create, the reasons others
// were left out and the tickets cancelled. A cancelled request is not
// checked: nothing is made of it, so there is nothing to fix. Rows sharing a
// ticket (which List marks invalid) share one reason.
func sortRequests(rows []calendar.Request, rules calendar.Rules) (requests []calendar.Request, invalid map[string]string, cancelled []string) {
	invalid = map[string]string{}
	for _, r := range rows {
		if r.Invalid == "" && r.Cancelled {
			cancelled = append(cancelled, r.Ticket)
			continue
		}
		if err := r.Check(rules); err != nil {
			if prev, ok := invalid[r.Ticket]; ok && prev != err.Error() {
				invalid[r.Ticket] = prev + "; " + err.Error()
			} else {
				invalid[r.Ticket] = err.Error()
			}
			continue
		}
		requests = append(requests, r)
	}
	sort.Strings(cancelled)
	return requests, invalid, cancelled
}

func (m *calendarDataSourceModelV0) setResult(ctx context.Context, requests []calendar.Request, invalid map[string]string, cancelled []string) diag.Diagnostics {
	var diags, d diag.Diagnostics
	elems := map[string]attr.Value{}
	for _, r := range requests {
		at, err := r.OnSaleAt()
		if err != nil { // Check passed, so this cannot happen
			diags.AddError("Calendar Request Unreadable", fmt.Sprintf("%s: %s. Please report this issue to the provider developers.", r.Ticket, err))
			continue
		}
		requester := types.StringNull()
		if r.Requester != "" {
			requester = types.StringValue(r.Requester)
		}
		elems[r.Ticket], d = types.ObjectValue(calendarRequestType.AttrTypes, map[string]attr.Value{
			"ticket": types.StringValue(r.Ticket), "name": types.StringValue(r.Name),
			"on_sale_at": types.StringValue(showOnSaleAt(r.TimeZone, at)), "time_zone": types.StringValue(r.TimeZone),
			"on_sale_at_utc": types.StringValue(showstate.FormatInstant(at)), "profile": types.StringValue(r.Profile),
			"expected_demand": types.Int64Value(r.Demand), "approved": types.BoolValue(r.Approved), "requester": requester,
		})
		diags.Append(d...)
	}
	m.Requests, d = types.MapValue(calendarRequestType, elems)
	diags.Append(d...)
	m.Invalid, d = types.MapValueFrom(ctx, types.StringType, invalid)
	diags.Append(d...)
	if cancelled == nil {
		cancelled = []string{}
	}
	m.Cancelled, d = types.ListValueFrom(ctx, types.StringType, cancelled)
	diags.Append(d...)
	return diags
}

// showOnSaleAt writes the instant at as hotshow_show reads on_sale_at with
// the zone: as the zone's wall time, with seconds, unless the zone's clocks
// show that time twice, when only the offset tells the readings apart.
func showOnSaleAt(zone string, at time.Time) string {
	loc, err := timeline.LoadZone(zone)
	if err != nil {
		return showstate.FormatInstant(at)
	}
	wall := at.In(loc).Format("2006-01-02T15:04:05")
	if t, err := timeline.ParseOnSale(wall, loc); err == nil && t.Equal(at) {
		return wall
	}
	return at.In(loc).Format(time.RFC3339)
}
