package awsstandin

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// FleetEnv names the JSON file (Fleet) the data sources answer from: the
// instances running in each Auto Scaling group and the account's quotas.
// It is read on every read of a data source, so a test can change the
// answers between two plans of one working directory.
const FleetEnv = "HOTSHOW_AWS_STANDIN_FLEET"

// Fleet is what the stand-in's cloud runs, as the data sources see it.
type Fleet struct {
	// Running counts the running instances of each Auto Scaling group, by
	// group name. A group not listed has none in service.
	Running map[string]int `json:"running,omitempty"`
	// Quotas are the account's applied quota values, by
	// "service_code/quota_code" (e.g. "ec2/L-1216C47A"). A quota not listed
	// fails the read, as a quota AWS does not know does.
	Quotas map[string]float64 `json:"quotas,omitempty"`
}

// WriteFleet writes f to path for the stand-in to answer from ($HOTSHOW_AWS_STANDIN_FLEET).
// It replaces the file in one rename, so that a read racing a test's change
// sees the old fleet or the new one, never half of a file.
func WriteFleet(path string, f Fleet) error {
	doc, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(append(doc, '\n'))
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// readFleet reads the file named by $HOTSHOW_AWS_STANDIN_FLEET; no variable
// or no file is an empty fleet.
func readFleet() (Fleet, error) {
	var f Fleet
	path := os.Getenv(FleetEnv)
	if path == "" {
		return f, nil
	}
	doc, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(doc, &f); err != nil {
		return f, fmt.Errorf("%s ($%s): %w", path, FleetEnv, err)
	}
	return f, nil
}

// DataSources are the data sources the stand-in serves: those the ticketing
// example's readiness checks read (examples/stacks/ticketing/checks.tf).
var DataSources = []Resource{instancesDataSource, serviceQuotaDataSource}

// timeoutsBlock is the block SDKv2 adds for a schema.Resource's Timeouts
// (terraform-plugin-sdk helper/schema/core_schema.go, CoreConfigSchema):
// nesting single, an Optional String per timeout declared. The durations
// are not schema defaults: the block stays null when left out.
func timeoutsBlock(names ...string) Block {
	b := Block{Name: "timeouts", Nesting: Single}
	for _, n := range names {
		b.Attrs = append(b.Attrs, Attr{Name: n, Type: String, Optional: true})
	}
	return b
}

// instancesDataSource is read from
// internal/service/ec2/ec2_instances_data_source.go (dataSourceInstances,
// SDKv2, Timeouts Read 20m). Its read filters DescribeInstances on
// instance-state-name (instance_state_names, or "running" when none is
// given), on tag:<key> = value for each of instance_tags, and on each
// filter block; it sets the ID to the provider's region.
var instancesDataSource = Resource{
	Type:   "aws_instances",
	Source: "internal/service/ec2/ec2_instances_data_source.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true}, // the region
		{Name: "ids", Type: ListStr, Computed: true},
		// ValidateDiagFunc enum.Validate[awstypes.InstanceStateName]() on the elements.
		{Name: "instance_state_names", Type: SetStr, Optional: true},
		// tftags.TagsSchemaComputed() (internal/tags/tags.go).
		{Name: "instance_tags", Type: MapStr, Optional: true, Computed: true},
		{Name: "ipv6_addresses", Type: ListStr, Computed: true},
		{Name: "private_ips", Type: ListStr, Computed: true},
		{Name: "public_ips", Type: ListStr, Computed: true},
	},
	Blocks: []Block{
		// customFiltersSchema() (internal/service/ec2/filters.go): an Optional
		// TypeSet of {name Required String, values Required TypeSet of String}.
		{Name: "filter", Nesting: Set, Attrs: []Attr{
			{Name: "name", Type: String, Required: true},
			{Name: "values", Type: SetStr, Required: true},
		}},
		timeoutsBlock("read"),
	},
}

// usageMetricType is usage_metric's type: a Computed-only TypeList of
// *schema.Resource, which SDKv2 presents as an attribute of list(object);
// metric_dimensions inside it is one too.
var usageMetricType = tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
	"metric_dimensions": tftypes.List{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
		"class":    tftypes.String,
		"resource": tftypes.String,
		"service":  tftypes.String,
		"type":     tftypes.String,
	}}},
	"metric_name":                     tftypes.String,
	"metric_namespace":                tftypes.String,
	"metric_statistic_recommendation": tftypes.String,
}}}

// serviceQuotaDataSource is read from
// internal/service/servicequotas/service_quota_data_source.go
// (dataSourceServiceQuota, SDKv2, no Timeouts). Its read finds the AWS
// default quota by quota_code or quota_name (none found fails the read),
// sets the ID to the quota's ARN, then overrides arn and value with the
// applied quota when there is one.
var serviceQuotaDataSource = Resource{
	Type:   "aws_servicequotas_service_quota",
	Source: "internal/service/servicequotas/service_quota_data_source.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true}, // the quota's ARN
		{Name: "adjustable", Type: Bool, Computed: true},
		{Name: "arn", Type: String, Computed: true},
		{Name: "default_value", Type: Number, Computed: true}, // TypeFloat
		{Name: "global_quota", Type: Bool, Computed: true},
		{Name: "quota_code", Type: String, Optional: true, Computed: true}, // ExactlyOneOf quota_code, quota_name
		{Name: "quota_name", Type: String, Optional: true, Computed: true}, // ExactlyOneOf quota_code, quota_name
		{Name: "service_code", Type: String, Required: true},
		{Name: "service_name", Type: String, Computed: true},
		{Name: "usage_metric", Type: usageMetricType, Computed: true},
		{Name: "value", Type: Number, Computed: true}, // TypeFloat
	},
}

// dataSourceReads answer a data source's read from the fleet, given its
// configuration and the provider's region.
var dataSourceReads = map[string]func(config map[string]any, fleet Fleet, region string) (map[string]any, []*tfprotov5.Diagnostic){
	"aws_instances":                   readInstances,
	"aws_servicequotas_service_quota": readServiceQuota,
}

// asgGroupTag is the tag Auto Scaling puts on each instance it launches.
const asgGroupTag = "aws:autoscaling:groupName"

// instanceStates are the EC2 instance states (awstypes.InstanceStateName).
var instanceStates = []string{"pending", "running", "shutting-down", "terminated", "stopping", "stopped"}

// readInstances answers aws_instances from fleet.Running. Every instance
// of the stand-in is running and carries only its group's tag, so the
// filters it understands are the group's tag and the instance state; any
// other would pass or fail depending on instances it does not model, and
// fails the read instead, naming the filter.
func readInstances(config map[string]any, fleet Fleet, region string) (map[string]any, []*tfprotov5.Diagnostic) {
	const what = "reading EC2 Instances"
	running := true
	if states := strs(config["instance_state_names"]); len(states) > 0 {
		for _, s := range states {
			if !slices.Contains(instanceStates, s) {
				return nil, errorDiag(fmt.Sprintf("expected instance_state_names to be one of %q, got %s", instanceStates, s), nil)
			}
		}
		running = slices.Contains(states, "running")
	}
	var groupFilters [][]string // each narrows the groups; an instance must match all
	tags, _ := config["instance_tags"].(map[string]any)
	for _, k := range sortedKeys(tags) {
		if k != asgGroupTag {
			return nil, errorDiag(what, fmt.Errorf("the AWS stand-in cannot filter on instance tag %q: its instances carry only %q", k, asgGroupTag))
		}
		groupFilters = append(groupFilters, []string{str(tags[k])})
	}
	filters, _ := config["filter"].([]any)
	for _, f := range filters {
		m, _ := f.(map[string]any)
		name, values := str(m["name"]), strs(m["values"])
		switch name {
		case "tag:" + asgGroupTag:
			groupFilters = append(groupFilters, values)
		case "instance-state-name":
			running = running && slices.Contains(values, "running")
		default:
			return nil, errorDiag(what, fmt.Errorf("the AWS stand-in cannot filter on %q: it knows %q and %q", name, "tag:"+asgGroupTag, "instance-state-name"))
		}
	}
	groups := sortedKeys(fleet.Running)
	for _, values := range groupFilters {
		groups = slices.DeleteFunc(groups, func(g string) bool { return !slices.Contains(values, g) })
	}
	ids, privateIPs := []any{}, []any{}
	for _, g := range groups {
		n := fleet.Running[g]
		if n < 0 || n > maxInstances {
			return nil, errorDiag(what, fmt.Errorf("$%s: running[%q] is %d; the AWS stand-in numbers 0 to %d instances a group", FleetEnv, g, n, maxInstances))
		}
		for i := 0; running && i < n; i++ {
			ids = append(ids, instanceID(g, i))
			privateIPs = append(privateIPs, privateIP(g, i))
		}
	}
	out := copyMap(config)
	out["id"] = region
	out["ids"] = ids
	out["private_ips"] = privateIPs
	out["public_ips"] = []any{}     // the group's instances are in private subnets
	out["ipv6_addresses"] = []any{} // and have no IPv6 address
	return out, nil
}

// maxInstances bounds a group's count, so that its addresses (privateIP)
// stay distinct.
const maxInstances = 65000

// instanceID is instance i of group as "i-" and 17 hex digits, the same on
// every read.
func instanceID(group string, i int) string {
	h := sha256.Sum256([]byte(group))
	return fmt.Sprintf("i-%x%05x", h[:6], i)
}

// privateIP is instance i of group's address: 10.<a byte of the group's
// hash>.x.y, past the four addresses a subnet reserves.
func privateIP(group string, i int) string {
	h := sha256.Sum256([]byte(group))
	n := i + 4
	return fmt.Sprintf("10.%d.%d.%d", h[0], n>>8, n&0xff)
}

// quotaNames are the names of the quotas the stand-in knows by name
// (quota_name), by "service_code/quota_code", as Service Quotas lists them.
var quotaNames = map[string]string{
	"ec2/L-1216C47A":    "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
	"lambda/L-B99A9384": "Concurrent executions",
}

// serviceNames are Service Quotas' names of the services the ticketing
// example runs on, by service code.
var serviceNames = map[string]string{
	"autoscaling": "Amazon EC2 Auto Scaling",
	"dynamodb":    "Amazon DynamoDB",
	"ec2":         "Amazon Elastic Compute Cloud (Amazon EC2)",
	"ecs":         "Amazon Elastic Container Service (Amazon ECS)",
	"lambda":      "AWS Lambda",
}

// readServiceQuota answers aws_servicequotas_service_quota from
// fleet.Quotas. The value is the applied quota and also the default (the
// stand-in keeps one figure a quota); a quota the file does not list fails
// the read, as the provider fails when AWS has no such quota.
func readServiceQuota(config map[string]any, fleet Fleet, region string) (map[string]any, []*tfprotov5.Diagnostic) {
	service, code, name := str(config["service_code"]), str(config["quota_code"]), str(config["quota_name"])
	// The schema's ExactlyOneOf, with SDKv2's messages (helper/schema/schema.go, validateExactlyOneAttribute).
	switch {
	case code == "" && name == "":
		return nil, errorDiag(`"quota_code": one of `+"`quota_code,quota_name`"+` must be specified`, nil)
	case code != "" && name != "":
		return nil, errorDiag(`"quota_code": only one of `+"`quota_code,quota_name`"+` can be specified, but `+"`quota_code,quota_name`"+` were specified.`, nil)
	}
	if name != "" {
		for key, n := range quotaNames {
			if n == name && strings.HasPrefix(key, service+"/") {
				code = strings.TrimPrefix(key, service+"/")
			}
		}
		if code == "" {
			return nil, errorDiag(fmt.Sprintf("reading Service Quotas Service Quota (%s/%s): no matching Service Quotas Service Quota found", service, name),
				fmt.Errorf("the AWS stand-in knows quotas by name only for %q; give quota_code", sortedKeys(quotaNames)))
		}
	}
	key := service + "/" + code
	value, ok := fleet.Quotas[key]
	if !ok {
		return nil, errorDiag(fmt.Sprintf("reading Service Quotas Service Quota (%s): no matching Service Quotas Service Quota found", key),
			fmt.Errorf("the AWS stand-in answers quotas from the JSON file named by $%s, whose \"quotas\" has no %q", FleetEnv, key))
	}
	if name == "" {
		name = quotaNames[key]
	}
	if name == "" {
		name = code
	}
	serviceName := serviceNames[service]
	if serviceName == "" {
		serviceName = service
	}
	arn := fmt.Sprintf("arn:aws:servicequotas:%s:123456789012:%s/%s", region, service, code)
	out := copyMap(config)
	out["id"] = arn
	out["adjustable"] = true
	out["arn"] = arn
	out["default_value"] = value
	out["global_quota"] = false
	out["quota_code"] = code
	out["quota_name"] = name
	out["service_name"] = serviceName
	out["usage_metric"] = []any{} // flattenMetricInfo(nil)
	out["value"] = value
	return out, nil
}

// strs reads a list or set of strings.
func strs(v any) []string {
	l, _ := v.([]any)
	out := make([]string, 0, len(l))
	for _, e := range l {
		out = append(out, str(e))
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
