package awsstandin

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readData reads data source typ with config through the plugin protocol
// server, as Terraform does, and returns the state and diagnostics.
func readData(t *testing.T, s tfprotov5.ProviderServer, typ string, config map[string]any) (map[string]any, []*tfprotov5.Diagnostic) {
	t.Helper()
	var ds Resource
	for _, d := range DataSources {
		if d.Type == typ {
			ds = d
		}
	}
	require.NotEmpty(t, ds.Type, typ)
	objType := objectType(ds.Attrs, ds.Blocks)
	v, err := fromGo(objType, config)
	require.NoError(t, err)
	dv, err := tfprotov5.NewDynamicValue(objType, v)
	require.NoError(t, err)
	resp, err := s.ReadDataSource(context.Background(), &tfprotov5.ReadDataSourceRequest{TypeName: typ, Config: &dv})
	require.NoError(t, err)
	if len(resp.Diagnostics) > 0 {
		require.Nil(t, resp.State, "no state with an error")
		return nil, resp.Diagnostics
	}
	state, err := decode(resp.State, objType)
	require.NoError(t, err)
	return state, nil
}

// configure sends the provider block, region and all.
func configure(t *testing.T, s tfprotov5.ProviderServer, region string) {
	t.Helper()
	typ := objectType(providerConfig.Attrs, nil)
	v, err := fromGo(typ, map[string]any{"region": region})
	require.NoError(t, err)
	dv, err := tfprotov5.NewDynamicValue(typ, v)
	require.NoError(t, err)
	resp, err := s.ConfigureProvider(context.Background(), &tfprotov5.ConfigureProviderRequest{Config: &dv})
	require.NoError(t, err)
	require.Empty(t, resp.Diagnostics)
}

// fleetFile names a fresh fleet file in $HOTSHOW_AWS_STANDIN_FLEET (not
// written yet) for the rest of the test.
func fleetFile(t *testing.T) string {
	path := filepath.Join(t.TempDir(), "fleet.json")
	t.Setenv(FleetEnv, path)
	return path
}

func summaries(diags []*tfprotov5.Diagnostic) string {
	var out string
	for _, d := range diags {
		out += d.Summary + ": " + d.Detail + "\n"
	}
	return out
}

var instanceIDPattern = regexp.MustCompile(`^i-[0-9a-f]{17}$`)

func webByTag(extra map[string]any) map[string]any {
	c := map[string]any{"instance_tags": map[string]any{"aws:autoscaling:groupName": "web"}}
	for k, v := range extra {
		c[k] = v
	}
	return c
}

// TestInstancesDataSource: aws_instances lists as many running instances
// as the fleet file gives the group, found by its tag or by a filter, with
// IDs and addresses that stay the same from read to read, and none without
// a file, for a group the file does not list, or for states other than
// running.
func TestInstancesDataSource(t *testing.T) {
	s := newServer()
	configure(t, s, "ap-southeast-2")
	path := fleetFile(t)

	state, diags := readData(t, s, "aws_instances", webByTag(nil))
	require.Empty(t, diags, summaries(diags))
	assert.Equal(t, []any{}, state["ids"], "no file: an Auto Scaling group with no instances in service")
	assert.Equal(t, []any{}, state["private_ips"])
	assert.Equal(t, "ap-southeast-2", state["id"], "the ID is the region (d.SetId(meta.Region))")

	require.NoError(t, WriteFleet(path, Fleet{Running: map[string]int{"web": 3, "api": 2}}))
	state, diags = readData(t, s, "aws_instances", webByTag(nil))
	require.Empty(t, diags, summaries(diags))
	ids, _ := state["ids"].([]any)
	require.Len(t, ids, 3)
	for _, id := range ids {
		assert.Regexp(t, instanceIDPattern, id)
	}
	assert.Len(t, uniq(ids), 3, "distinct IDs")
	ips, _ := state["private_ips"].([]any)
	require.Len(t, ips, 3)
	for _, ip := range ips {
		assert.Regexp(t, `^10\.\d+\.\d+\.\d+$`, ip)
	}
	assert.Len(t, uniq(ips), 3, "distinct addresses")
	assert.Equal(t, []any{}, state["public_ips"])
	assert.Equal(t, []any{}, state["ipv6_addresses"])
	assert.Equal(t, map[string]any{"aws:autoscaling:groupName": "web"}, state["instance_tags"], "the configuration's tags, kept")

	// The file is read again on every read: the group grew to 5, and its
	// first 3 instances kept their IDs.
	require.NoError(t, WriteFleet(path, Fleet{Running: map[string]int{"web": 5}}))
	again, diags := readData(t, s, "aws_instances", webByTag(nil))
	require.Empty(t, diags, summaries(diags))
	againIDs, _ := again["ids"].([]any)
	againIPs, _ := again["private_ips"].([]any)
	require.Len(t, againIDs, 5)
	require.Len(t, againIPs, 5)
	assert.Equal(t, ids, againIDs[:3])
	assert.Equal(t, ips, againIPs[:3])

	byFilter, diags := readData(t, s, "aws_instances", map[string]any{"filter": []any{
		map[string]any{"name": "tag:aws:autoscaling:groupName", "values": []any{"web", "batch"}},
	}})
	require.Empty(t, diags, summaries(diags))
	assert.Equal(t, again["ids"], byFilter["ids"], "the group's tag as a filter finds the same instances")

	for _, c := range []struct {
		name   string
		config map[string]any
		want   int
	}{
		{"running asked for", webByTag(map[string]any{"instance_state_names": []any{"running"}}), 5},
		{"running among others", webByTag(map[string]any{"instance_state_names": []any{"pending", "running"}}), 5},
		{"an empty set is running (the provider's default)", webByTag(map[string]any{"instance_state_names": []any{}}), 5},
		{"no running instance is stopped", webByTag(map[string]any{"instance_state_names": []any{"stopped", "stopping"}}), 0},
		{"instance-state-name filter", webByTag(map[string]any{"filter": []any{
			map[string]any{"name": "instance-state-name", "values": []any{"terminated"}},
		}}), 0},
		{"a group the file does not list", map[string]any{"instance_tags": map[string]any{"aws:autoscaling:groupName": "batch"}}, 0},
		{"tag and filter on different groups", webByTag(map[string]any{"filter": []any{
			map[string]any{"name": "tag:aws:autoscaling:groupName", "values": []any{"api"}},
		}}), 0},
		{"no group: every running instance", map[string]any{}, 5},
	} {
		state, diags := readData(t, s, "aws_instances", c.config)
		require.Empty(t, diags, "%s: %s", c.name, summaries(diags))
		assert.Len(t, state["ids"], c.want, c.name)
		assert.Len(t, state["private_ips"], c.want, c.name)
	}
}

// TestInstancesDataSourceRefusesWhatItCannotFilter: a filter or tag the
// stand-in does not model fails the read, naming it, rather than answering
// all or nothing.
func TestInstancesDataSourceRefusesWhatItCannotFilter(t *testing.T) {
	s := newServer()
	path := fleetFile(t)
	require.NoError(t, WriteFleet(path, Fleet{Running: map[string]int{"web": 3}}))

	_, diags := readData(t, s, "aws_instances", webByTag(map[string]any{"filter": []any{
		map[string]any{"name": "instance-type", "values": []any{"c7g.xlarge"}},
	}}))
	require.Len(t, diags, 1)
	assert.Equal(t, tfprotov5.DiagnosticSeverityError, diags[0].Severity)
	assert.Contains(t, diags[0].Detail, `"instance-type"`)

	_, diags = readData(t, s, "aws_instances", map[string]any{"instance_tags": map[string]any{"Name": "web"}})
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Detail, `instance tag "Name"`)

	_, diags = readData(t, s, "aws_instances", webByTag(map[string]any{"instance_state_names": []any{"Running"}}))
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "instance_state_names")

	require.NoError(t, WriteFleet(path, Fleet{Running: map[string]int{"web": -1}}))
	_, diags = readData(t, s, "aws_instances", webByTag(nil))
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Detail, `running["web"] is -1`)
}

// TestServiceQuotaDataSource: the quota's value comes from the fleet file,
// read again on every read; the other attributes are what Service Quotas
// would plausibly return.
func TestServiceQuotaDataSource(t *testing.T) {
	s := newServer()
	configure(t, s, "us-west-2")
	path := fleetFile(t)
	require.NoError(t, WriteFleet(path, Fleet{Quotas: map[string]float64{"ec2/L-1216C47A": 1152}}))

	config := map[string]any{"service_code": "ec2", "quota_code": "L-1216C47A"}
	state, diags := readData(t, s, "aws_servicequotas_service_quota", config)
	require.Empty(t, diags, summaries(diags))
	arn := "arn:aws:servicequotas:us-west-2:123456789012:ec2/L-1216C47A"
	assert.Equal(t, map[string]any{
		"id":            arn,
		"adjustable":    true,
		"arn":           arn,
		"default_value": 1152.0,
		"global_quota":  false,
		"quota_code":    "L-1216C47A",
		"quota_name":    "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
		"service_code":  "ec2",
		"service_name":  "Amazon Elastic Compute Cloud (Amazon EC2)",
		"usage_metric":  []any{},
		"value":         1152.0,
	}, state)

	require.NoError(t, WriteFleet(path, Fleet{Quotas: map[string]float64{"ec2/L-1216C47A": 256}}))
	state, diags = readData(t, s, "aws_servicequotas_service_quota", config)
	require.Empty(t, diags, summaries(diags))
	assert.Equal(t, 256.0, state["value"], "the file is read again")

	byName, diags := readData(t, s, "aws_servicequotas_service_quota", map[string]any{
		"service_code": "ec2", "quota_name": "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
	})
	require.Empty(t, diags, summaries(diags))
	assert.Equal(t, "L-1216C47A", byName["quota_code"], "found by name")
	assert.Equal(t, 256.0, byName["value"])
}

// TestServiceQuotaDataSourceErrors: a quota the file does not list fails
// the read, naming the quota and the variable; so do a name the stand-in
// does not know and the schema's ExactlyOneOf.
func TestServiceQuotaDataSourceErrors(t *testing.T) {
	s := newServer()
	path := fleetFile(t)

	config := map[string]any{"service_code": "ec2", "quota_code": "L-1216C47A"}
	_, diags := readData(t, s, "aws_servicequotas_service_quota", config)
	require.Len(t, diags, 1, "no file: no quota")
	assert.Equal(t, tfprotov5.DiagnosticSeverityError, diags[0].Severity)
	assert.Contains(t, diags[0].Summary, "ec2/L-1216C47A")
	assert.Contains(t, diags[0].Detail, FleetEnv)

	require.NoError(t, WriteFleet(path, Fleet{Quotas: map[string]float64{"lambda/L-B99A9384": 1000}}))
	_, diags = readData(t, s, "aws_servicequotas_service_quota", config)
	require.Len(t, diags, 1, "a quota the file does not list")
	assert.Contains(t, diags[0].Summary, "ec2/L-1216C47A")
	assert.Contains(t, diags[0].Detail, FleetEnv)

	_, diags = readData(t, s, "aws_servicequotas_service_quota", map[string]any{"service_code": "ec2", "quota_name": "Running Dedicated hosts"})
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "ec2/Running Dedicated hosts")

	_, diags = readData(t, s, "aws_servicequotas_service_quota", map[string]any{"service_code": "ec2"})
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "one of `quota_code,quota_name` must be specified")

	_, diags = readData(t, s, "aws_servicequotas_service_quota", map[string]any{"service_code": "lambda", "quota_code": "L-B99A9384", "quota_name": "Concurrent executions"})
	require.Len(t, diags, 1)
	assert.Contains(t, diags[0].Summary, "only one of `quota_code,quota_name` can be specified")

	require.NoError(t, os.WriteFile(path, []byte("{not json"), 0o644))
	_, diags = readData(t, s, "aws_servicequotas_service_quota", config)
	require.Len(t, diags, 1, "a broken file fails the read")
	assert.Contains(t, diags[0].Detail, path)
}

// TestDataSourceSchemasServed: GetProviderSchema and GetMetadata serve both
// data sources; the region falls back to the environment.
func TestDataSourceSchemasServed(t *testing.T) {
	s := newServer()
	ctx := context.Background()
	schemas, err := s.GetProviderSchema(ctx, &tfprotov5.GetProviderSchemaRequest{})
	require.NoError(t, err)
	require.Len(t, schemas.DataSourceSchemas, 2)
	instances := schemas.DataSourceSchemas["aws_instances"].Block
	var blocks []string
	for _, b := range instances.BlockTypes {
		blocks = append(blocks, b.TypeName)
		if b.TypeName == "timeouts" {
			assert.Equal(t, tfprotov5.SchemaNestedBlockNestingModeSingle, b.Nesting)
		}
	}
	assert.ElementsMatch(t, []string{"filter", "timeouts"}, blocks)
	quota := schemas.DataSourceSchemas["aws_servicequotas_service_quota"].Block
	for _, a := range quota.Attributes {
		if a.Name == "usage_metric" {
			assert.True(t, a.Computed && !a.Optional)
			assert.True(t, a.Type.Is(tftypes.List{}), "list of object, not a block")
		}
	}
	meta, err := s.GetMetadata(ctx, &tfprotov5.GetMetadataRequest{})
	require.NoError(t, err)
	assert.ElementsMatch(t, []tfprotov5.DataSourceMetadata{{TypeName: "aws_instances"}, {TypeName: "aws_servicequotas_service_quota"}}, meta.DataSources)

	t.Setenv("AWS_REGION", "eu-west-1")
	fleetFile(t)
	state, diags := readData(t, s, "aws_instances", map[string]any{})
	require.Empty(t, diags, summaries(diags))
	assert.Equal(t, "eu-west-1", state["id"], "no provider region: $AWS_REGION")

	state, diags = readData(t, newServer(), "aws_instances", map[string]any{"timeouts": map[string]any{"read": "1m"}})
	require.Empty(t, diags, summaries(diags))
	assert.Equal(t, map[string]any{"read": "1m"}, state["timeouts"], "the timeouts block, kept as configured")
}

func uniq(l []any) map[any]bool {
	out := map[any]bool{}
	for _, e := range l {
		out[e] = true
	}
	return out
}
