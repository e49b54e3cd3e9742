// Package awsstandin is a stand-in for the AWS provider (hashicorp/aws),
// for tests only: tests that cannot reach AWS install it from a filesystem
// mirror under the real address, and Terraform plans and applies the
// ticketing example against it as it would against AWS. Its schemas are the
// real provider's, read from hashicorp/terraform-provider-aws (each
// Resource names its file); its plans follow SDKv2's rules (defaults,
// computed values unknown on create, ForceNew as RequiresReplace) and the
// CustomizeDiff and update behaviours a scheduled run meets (behaviour.go).
// Nothing is called: every create, update and delete it receives is
// appended to the JSON lines file named by $HOTSHOW_AWS_STANDIN_LOG, for
// tests to assert. Its data sources (DataSources, datasources.go) answer
// from the file named by $HOTSHOW_AWS_STANDIN_FLEET, which a test writes
// (WriteFleet) to say what the cloud runs.
//
// The stand-in is served by a test binary re-executing itself: TestMain
// calls Serving and Serve before anything else, and Install copies the test
// binary into a mirror as terraform-provider-aws.
package awsstandin

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/providermirror"
)

// Version is the version the stand-in is mirrored as.
const Version = "5.100.0"

// LogEnv names the file every change the stand-in receives is appended to.
const LogEnv = "HOTSHOW_AWS_STANDIN_LOG"

// Resources are the resource types the stand-in serves: those
// examples/stacks/ticketing uses.
var Resources = []Resource{autoscalingGroup, autoscalingPolicy, ecsService, appautoscalingTarget,
	appautoscalingPolicy, dynamodbTable, lambdaProvisionedConcurrencyConfig, servicecatalogProvisionedProduct}

// providerConfig is the provider block's schema, as far as tests use it
// (internal/provider/sdkv2.go: region, profile and credentials are
// optional; the region may come from the environment).
var providerConfig = Resource{Attrs: []Attr{
	{Name: "region", Type: String, Optional: true},
	{Name: "profile", Type: String, Optional: true},
	{Name: "access_key", Type: String, Optional: true},
	{Name: "secret_key", Type: String, Optional: true},
	{Name: "token", Type: String, Optional: true},
	{Name: "skip_credentials_validation", Type: Bool, Optional: true},
	{Name: "skip_requesting_account_id", Type: Bool, Optional: true},
	{Name: "skip_region_validation", Type: Bool, Optional: true},
}}

// Serving reports whether this process was started by Terraform as the
// stand-in (a test binary copied into a mirror by Install).
func Serving() bool {
	return os.Getenv("TF_PLUGIN_MAGIC_COOKIE") != "" && strings.HasPrefix(filepath.Base(os.Args[0]), "terraform-provider-aws")
}

// ServeIfStarted serves the stand-in and exits when Terraform started this
// process as the AWS provider (Serving), and returns at once otherwise: the
// first call of a TestMain that installs the stand-in.
func ServeIfStarted() {
	if !Serving() {
		return
	}
	if err := Serve(); err != nil {
		fmt.Fprintln(os.Stderr, "aws stand-in:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// Serve serves the stand-in over the plugin protocol until Terraform stops it.
func Serve() error {
	return tf5server.Serve("registry.terraform.io/hashicorp/aws", func() tfprotov5.ProviderServer { return newServer() })
}

// Install mirrors this process's executable (a test binary whose TestMain
// calls Serving and Serve) into the filesystem mirror at dir as
// hashicorp/aws at Version, under both registry hosts.
func Install(dir string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	return providermirror.InstallAs(self, dir, "hashicorp", "aws", Version)
}

// Mirror installs the stand-in into providermirror.MirrorDir(dir) and
// returns the path of a CLI configuration that installs providers from
// there (providermirror.WriteCLIConfig).
func Mirror(dir string) (string, error) {
	if err := Install(providermirror.MirrorDir(dir)); err != nil {
		return "", err
	}
	return providermirror.WriteCLIConfig(dir)
}

type server struct {
	resources   map[string]Resource
	dataSources map[string]Resource
	mu          sync.Mutex // the log file

	regionMu sync.Mutex
	region   string // the provider block's, once configured
}

func newServer() *server {
	s := &server{resources: map[string]Resource{}, dataSources: map[string]Resource{}}
	for _, r := range Resources {
		s.resources[r.Type] = r
	}
	for _, d := range DataSources {
		s.dataSources[d.Type] = d
	}
	return s
}

// regionOf is the provider's region as the AWS provider resolves it: the
// provider block's region, else $AWS_REGION, else $AWS_DEFAULT_REGION.
// Where the provider would fail for want of one, the stand-in takes
// ap-southeast-2, the region of its other answers (behaviour.go).
func (s *server) regionOf() string {
	s.regionMu.Lock()
	defer s.regionMu.Unlock()
	for _, r := range []string{s.region, os.Getenv("AWS_REGION"), os.Getenv("AWS_DEFAULT_REGION")} {
		if r != "" {
			return r
		}
	}
	return "ap-southeast-2"
}

func schemaOf(version int64, attrs []Attr, blocks []Block) *tfprotov5.Schema {
	return &tfprotov5.Schema{Version: version, Block: schemaBlock(attrs, blocks)}
}

func schemaBlock(attrs []Attr, blocks []Block) *tfprotov5.SchemaBlock {
	b := &tfprotov5.SchemaBlock{}
	for _, a := range attrs {
		b.Attributes = append(b.Attributes, &tfprotov5.SchemaAttribute{Name: a.Name, Type: a.Type,
			Required: a.Required, Optional: a.Optional, Computed: a.Computed, Sensitive: a.Sensitive})
	}
	for _, nb := range blocks {
		b.BlockTypes = append(b.BlockTypes, &tfprotov5.SchemaNestedBlock{TypeName: nb.Name, Nesting: nb.Nesting,
			MinItems: nb.MinItems, MaxItems: nb.MaxItems, Block: schemaBlock(nb.Attrs, nb.Blocks)})
	}
	return b
}

func (s *server) GetMetadata(context.Context, *tfprotov5.GetMetadataRequest) (*tfprotov5.GetMetadataResponse, error) {
	resp := &tfprotov5.GetMetadataResponse{ServerCapabilities: &tfprotov5.ServerCapabilities{PlanDestroy: true}}
	for _, r := range Resources {
		resp.Resources = append(resp.Resources, tfprotov5.ResourceMetadata{TypeName: r.Type})
	}
	for _, d := range DataSources {
		resp.DataSources = append(resp.DataSources, tfprotov5.DataSourceMetadata{TypeName: d.Type})
	}
	return resp, nil
}

func (s *server) GetProviderSchema(context.Context, *tfprotov5.GetProviderSchemaRequest) (*tfprotov5.GetProviderSchemaResponse, error) {
	resp := &tfprotov5.GetProviderSchemaResponse{
		ServerCapabilities: &tfprotov5.ServerCapabilities{PlanDestroy: true},
		Provider:           schemaOf(0, providerConfig.Attrs, nil),
		ResourceSchemas:    map[string]*tfprotov5.Schema{},
		DataSourceSchemas:  map[string]*tfprotov5.Schema{},
	}
	for _, r := range Resources {
		resp.ResourceSchemas[r.Type] = schemaOf(0, r.Attrs, r.Blocks)
	}
	for _, d := range DataSources {
		resp.DataSourceSchemas[d.Type] = schemaOf(0, d.Attrs, d.Blocks)
	}
	return resp, nil
}

func (s *server) PrepareProviderConfig(_ context.Context, req *tfprotov5.PrepareProviderConfigRequest) (*tfprotov5.PrepareProviderConfigResponse, error) {
	return &tfprotov5.PrepareProviderConfigResponse{PreparedConfig: req.Config}, nil
}

// ConfigureProvider keeps the provider block's region, which the data
// sources answer with (aws_instances' ID, quota ARNs).
func (s *server) ConfigureProvider(_ context.Context, req *tfprotov5.ConfigureProviderRequest) (*tfprotov5.ConfigureProviderResponse, error) {
	config, err := decode(req.Config, objectType(providerConfig.Attrs, nil))
	if err != nil {
		return &tfprotov5.ConfigureProviderResponse{Diagnostics: errorDiag("provider configuration", err)}, nil
	}
	s.regionMu.Lock()
	s.region = str(config["region"])
	s.regionMu.Unlock()
	return &tfprotov5.ConfigureProviderResponse{}, nil
}

func (s *server) StopProvider(context.Context, *tfprotov5.StopProviderRequest) (*tfprotov5.StopProviderResponse, error) {
	return &tfprotov5.StopProviderResponse{}, nil
}

func (s *server) GetResourceIdentitySchemas(context.Context, *tfprotov5.GetResourceIdentitySchemasRequest) (*tfprotov5.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov5.GetResourceIdentitySchemasResponse{}, nil
}

func (s *server) ValidateResourceTypeConfig(context.Context, *tfprotov5.ValidateResourceTypeConfigRequest) (*tfprotov5.ValidateResourceTypeConfigResponse, error) {
	return &tfprotov5.ValidateResourceTypeConfigResponse{}, nil
}

func (s *server) UpgradeResourceState(_ context.Context, req *tfprotov5.UpgradeResourceStateRequest) (*tfprotov5.UpgradeResourceStateResponse, error) {
	_, typ, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: diags}, nil
	}
	v, err := req.RawState.UnmarshalWithOpts(typ, tfprotov5.UnmarshalOpts{ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true}})
	if err != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: errorDiag("reading the state of "+req.TypeName, err)}, nil
	}
	dv, err := tfprotov5.NewDynamicValue(typ, v)
	if err != nil {
		return &tfprotov5.UpgradeResourceStateResponse{Diagnostics: errorDiag("upgrading the state of "+req.TypeName, err)}, nil
	}
	return &tfprotov5.UpgradeResourceStateResponse{UpgradedState: &dv}, nil
}

// ReadResource returns the state as it is: nothing drifts under the stand-in.
func (s *server) ReadResource(_ context.Context, req *tfprotov5.ReadResourceRequest) (*tfprotov5.ReadResourceResponse, error) {
	return &tfprotov5.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private}, nil
}

func (s *server) PlanResourceChange(_ context.Context, req *tfprotov5.PlanResourceChangeRequest) (*tfprotov5.PlanResourceChangeResponse, error) {
	r, typ, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: diags}, nil
	}
	prior, err := decode(req.PriorState, typ)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiag("prior state", err)}, nil
	}
	proposed, err := decode(req.ProposedNewState, typ)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiag("proposed state", err)}, nil
	}
	config, err := decode(req.Config, typ)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiag("configuration", err)}, nil
	}
	resp := &tfprotov5.PlanResourceChangeResponse{UnsafeToUseLegacyTypeSystem: true}
	if proposed == nil { // destroy
		resp.PlannedState = req.ProposedNewState
		return resp, nil
	}
	planned := planObject(r.Attrs, r.Blocks, prior, config, proposed)
	planTags(planned, prior)
	var replace []string
	if prior != nil {
		replace = forceNew(r.Attrs, r.Blocks, prior, planned)
	}
	if b, ok := behaviours[r.Type]; ok && b.plan != nil {
		replace = append(replace, b.plan(prior, planned)...)
	}
	sort.Strings(replace)
	for _, name := range replace {
		resp.RequiresReplace = append(resp.RequiresReplace, tftypes.NewAttributePath().WithAttributeName(name))
	}
	v, err := fromGo(typ, planned)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiag("planned state", err)}, nil
	}
	dv, err := tfprotov5.NewDynamicValue(typ, v)
	if err != nil {
		return &tfprotov5.PlanResourceChangeResponse{Diagnostics: errorDiag("planned state", err)}, nil
	}
	resp.PlannedState = &dv
	return resp, nil
}

func (s *server) ApplyResourceChange(ctx context.Context, req *tfprotov5.ApplyResourceChangeRequest) (*tfprotov5.ApplyResourceChangeResponse, error) {
	r, typ, diags := s.resource(req.TypeName)
	if diags != nil {
		return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: diags}, nil
	}
	prior, err := decode(req.PriorState, typ)
	if err != nil {
		return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: errorDiag("prior state", err)}, nil
	}
	planned, err := decode(req.PlannedState, typ)
	if err != nil {
		return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: errorDiag("planned state", err)}, nil
	}
	resp := &tfprotov5.ApplyResourceChangeResponse{UnsafeToUseLegacyTypeSystem: true}
	if planned == nil {
		resp.NewState = req.PlannedState
		s.record(Change{Type: r.Type, Action: "delete", ID: str(prior["id"]), Before: prior})
		return resp, nil
	}
	b := behaviours[r.Type]
	if planned["id"] == Unknown {
		planned["id"] = b.id(planned)
	}
	fillUnknown(r.Attrs, r.Blocks, planned, func(name string) any { return b.computedValue(r.Type, name, planned) })
	c := Change{Type: r.Type, Action: "update", ID: str(planned["id"]), Before: prior, After: planned}
	if prior == nil {
		c.Action = "create"
	}
	c.Changed = changedKeys(prior, planned)
	var applyErr error
	if b.apply != nil {
		applyErr = b.apply(ctx, prior, planned)
	}
	if applyErr != nil {
		c.Error = applyErr.Error()
		resp.Diagnostics = errorDiag(applyErr.Error(), nil)
	}
	s.record(c)
	v, err := fromGo(typ, planned)
	if err != nil {
		return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: errorDiag("new state", err)}, nil
	}
	dv, err := tfprotov5.NewDynamicValue(typ, v)
	if err != nil {
		return &tfprotov5.ApplyResourceChangeResponse{Diagnostics: errorDiag("new state", err)}, nil
	}
	resp.NewState = &dv
	return resp, nil
}

func (s *server) ImportResourceState(context.Context, *tfprotov5.ImportResourceStateRequest) (*tfprotov5.ImportResourceStateResponse, error) {
	return &tfprotov5.ImportResourceStateResponse{Diagnostics: errorDiag("the AWS stand-in does not import", nil)}, nil
}

func (s *server) MoveResourceState(context.Context, *tfprotov5.MoveResourceStateRequest) (*tfprotov5.MoveResourceStateResponse, error) {
	return &tfprotov5.MoveResourceStateResponse{Diagnostics: errorDiag("the AWS stand-in does not move state", nil)}, nil
}

func (s *server) UpgradeResourceIdentity(context.Context, *tfprotov5.UpgradeResourceIdentityRequest) (*tfprotov5.UpgradeResourceIdentityResponse, error) {
	return &tfprotov5.UpgradeResourceIdentityResponse{}, nil
}

func (s *server) GenerateResourceConfig(context.Context, *tfprotov5.GenerateResourceConfigRequest) (*tfprotov5.GenerateResourceConfigResponse, error) {
	return &tfprotov5.GenerateResourceConfigResponse{Diagnostics: errorDiag("the AWS stand-in does not generate configuration", nil)}, nil
}

func (s *server) ValidateDataSourceConfig(context.Context, *tfprotov5.ValidateDataSourceConfigRequest) (*tfprotov5.ValidateDataSourceConfigResponse, error) {
	return &tfprotov5.ValidateDataSourceConfigResponse{}, nil
}

// ReadDataSource answers from the fleet file, read afresh each time
// (datasources.go).
func (s *server) ReadDataSource(_ context.Context, req *tfprotov5.ReadDataSourceRequest) (*tfprotov5.ReadDataSourceResponse, error) {
	d, ok := s.dataSources[req.TypeName]
	read := dataSourceReads[req.TypeName]
	if !ok || read == nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiag("the AWS stand-in has no data source "+req.TypeName, nil)}, nil
	}
	typ := objectType(d.Attrs, d.Blocks)
	config, err := decode(req.Config, typ)
	if err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiag("configuration", err)}, nil
	}
	fleet, err := readFleet()
	if err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiag("reading the AWS stand-in's fleet", err)}, nil
	}
	state, diags := read(config, fleet, s.regionOf())
	if diags != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: diags}, nil
	}
	v, err := fromGo(typ, state)
	if err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiag("state of "+req.TypeName, err)}, nil
	}
	dv, err := tfprotov5.NewDynamicValue(typ, v)
	if err != nil {
		return &tfprotov5.ReadDataSourceResponse{Diagnostics: errorDiag("state of "+req.TypeName, err)}, nil
	}
	return &tfprotov5.ReadDataSourceResponse{State: &dv}, nil
}

func (s *server) CallFunction(context.Context, *tfprotov5.CallFunctionRequest) (*tfprotov5.CallFunctionResponse, error) {
	return &tfprotov5.CallFunctionResponse{Error: &tfprotov5.FunctionError{Text: "the AWS stand-in has no functions"}}, nil
}

func (s *server) GetFunctions(context.Context, *tfprotov5.GetFunctionsRequest) (*tfprotov5.GetFunctionsResponse, error) {
	return &tfprotov5.GetFunctionsResponse{}, nil
}

func (s *server) ValidateEphemeralResourceConfig(context.Context, *tfprotov5.ValidateEphemeralResourceConfigRequest) (*tfprotov5.ValidateEphemeralResourceConfigResponse, error) {
	return &tfprotov5.ValidateEphemeralResourceConfigResponse{}, nil
}

func (s *server) OpenEphemeralResource(context.Context, *tfprotov5.OpenEphemeralResourceRequest) (*tfprotov5.OpenEphemeralResourceResponse, error) {
	return &tfprotov5.OpenEphemeralResourceResponse{Diagnostics: errorDiag("the AWS stand-in has no ephemeral resources", nil)}, nil
}

func (s *server) RenewEphemeralResource(context.Context, *tfprotov5.RenewEphemeralResourceRequest) (*tfprotov5.RenewEphemeralResourceResponse, error) {
	return &tfprotov5.RenewEphemeralResourceResponse{}, nil
}

func (s *server) CloseEphemeralResource(context.Context, *tfprotov5.CloseEphemeralResourceRequest) (*tfprotov5.CloseEphemeralResourceResponse, error) {
	return &tfprotov5.CloseEphemeralResourceResponse{}, nil
}

func (s *server) resource(typeName string) (Resource, tftypes.Object, []*tfprotov5.Diagnostic) {
	r, ok := s.resources[typeName]
	if !ok {
		return Resource{}, tftypes.Object{}, errorDiag("the AWS stand-in has no resource type "+typeName, nil)
	}
	return r, objectType(r.Attrs, r.Blocks), nil
}

// decode reads a request's value as plain Go; nil for a null object.
func decode(dv *tfprotov5.DynamicValue, typ tftypes.Type) (map[string]any, error) {
	if dv == nil {
		return nil, nil
	}
	v, err := dv.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	g, err := toGo(v)
	if err != nil || g == nil {
		return nil, err
	}
	m, ok := g.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%T is not an object", g)
	}
	return m, nil
}

func errorDiag(summary string, err error) []*tfprotov5.Diagnostic {
	d := &tfprotov5.Diagnostic{Severity: tfprotov5.DiagnosticSeverityError, Summary: summary}
	if err != nil {
		d.Detail = err.Error()
	}
	return []*tfprotov5.Diagnostic{d}
}

// Change is one create, update or delete the stand-in received, as logged.
type Change struct {
	At      time.Time      `json:"at"` // when the apply returned
	Type    string         `json:"type"`
	Action  string         `json:"action"`
	ID      string         `json:"id"`
	Changed []string       `json:"changed,omitempty"` // top-level attributes an update changed
	Before  map[string]any `json:"before,omitempty"`
	After   map[string]any `json:"after,omitempty"`
	Error   string         `json:"error,omitempty"` // the error the apply returned
}

func (s *server) record(c Change) {
	path := os.Getenv(LogEnv)
	if path == "" {
		return
	}
	c.At = clock.Real{}.Now().UTC()
	line, err := json.Marshal(c)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	_, _ = f.Write(append(line, '\n'))
	_ = f.Close()
}

// ReadLog reads the changes the stand-in logged to path, oldest first.
func ReadLog(path string) ([]Change, error) {
	doc, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []Change
	for _, line := range strings.Split(strings.TrimSpace(string(doc)), "\n") {
		if line == "" {
			continue
		}
		var c Change
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, c)
	}
	return out, nil
}

func changedKeys(before, after map[string]any) []string {
	if before == nil {
		return nil
	}
	var out []string
	for k, v := range after {
		if !reflect.DeepEqual(before[k], v) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
