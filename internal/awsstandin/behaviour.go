package awsstandin

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
)

// TimeScaleEnv divides the stand-in's waits: the ASG capacity wait of
// wait_for_capacity_timeout = "10m" lasts 10m/scale (default 600: one
// second).
const TimeScaleEnv = "HOTSHOW_AWS_STANDIN_TIME_SCALE"

// behaviour is what a resource type does beyond SDKv2's generic plan and
// apply: its ID, values AWS computes, its CustomizeDiff (plan: the
// attributes it forces a replacement on) and waits during apply.
type behaviour struct {
	idOf     func(planned map[string]any) string
	computed map[string]func(planned map[string]any) any
	plan     func(prior, planned map[string]any) []string
	apply    func(ctx context.Context, prior, planned map[string]any) error
}

var behaviours = map[string]behaviour{
	"aws_autoscaling_group": {
		computed: map[string]func(map[string]any) any{
			// AWS starts a group at its minimum when no desired capacity is given.
			"desired_capacity": func(p map[string]any) any { return p["min_size"] },
		},
		apply: asgCapacityWait,
	},
	"aws_ecs_service": {
		idOf: func(p map[string]any) string {
			return fmt.Sprintf("arn:aws:ecs:ap-southeast-2:123456789012:service/%s/%s", str(p["cluster"]), str(p["name"]))
		},
	},
	"aws_appautoscaling_target": {
		// internal/service/appautoscaling/target.go: the ID is the resource_id.
		idOf: func(p map[string]any) string { return str(p["resource_id"]) },
	},
	"aws_appautoscaling_policy": {
		idOf: func(p map[string]any) string { return str(p["name"]) },
	},
	"aws_lambda_provisioned_concurrency_config": {
		// internal/service/lambda/provisioned_concurrency_config.go: "function_name,qualifier".
		idOf: func(p map[string]any) string { return str(p["function_name"]) + "," + str(p["qualifier"]) },
	},
	"aws_servicecatalog_provisioned_product": {
		idOf: func(map[string]any) string { return "pp-standin0000001" },
		computed: map[string]func(map[string]any) any{
			"status": func(map[string]any) any { return "AVAILABLE" },
			"outputs": func(p map[string]any) any {
				return []any{map[string]any{"key": "QueueEndpoint", "value": "https://" + str(p["name"]) + ".queue.example", "description": "Waiting room endpoint"}}
			},
		},
		plan: serviceCatalogOutputs,
	},
	"aws_dynamodb_table": {
		plan: dynamodbWarmThroughput,
	},
}

// id is the resource's ID: its own rule, else its name.
func (b behaviour) id(planned map[string]any) string {
	if b.idOf != nil {
		return b.idOf(planned)
	}
	if n := str(planned["name"]); n != "" {
		return n
	}
	return "standin"
}

// computedValue is what AWS returns for an attribute the plan left unknown.
func (b behaviour) computedValue(typ, name string, planned map[string]any) any {
	if f, ok := b.computed[name]; ok {
		return f(planned)
	}
	if name == "arn" {
		return fmt.Sprintf("arn:aws:standin:ap-southeast-2:123456789012:%s/%s", typ, b.id(planned))
	}
	return nil
}

// serviceCatalogOutputs is refreshOutputsDiff
// (internal/service/servicecatalog/provisioned_product.go): when
// provisioning_parameters, provisioning_artifact_id or
// provisioning_artifact_name change, outputs becomes unknown.
func serviceCatalogOutputs(prior, planned map[string]any) []string {
	if prior == nil {
		return nil
	}
	for _, k := range []string{"provisioning_parameters", "provisioning_artifact_id", "provisioning_artifact_name"} {
		if !reflect.DeepEqual(prior[k], planned[k]) {
			planned["outputs"] = Unknown
			break
		}
	}
	return nil
}

// dynamodbWarmThroughput is the table's CustomizeDiff on warm_throughput
// (internal/service/dynamodb/table.go, resourceTable): ForceNewIfChange on
// warm_throughput.0.read_units_per_second and .write_units_per_second when
// new != 0 && new < old — lowering warm throughput replaces the table.
func dynamodbWarmThroughput(prior, planned map[string]any) []string {
	if prior == nil {
		return nil
	}
	old, now := first(prior["warm_throughput"]), first(planned["warm_throughput"])
	if old == nil || now == nil {
		return nil
	}
	for _, k := range []string{"read_units_per_second", "write_units_per_second"} {
		o, _ := old[k].(float64)
		n, _ := now[k].(float64)
		if n != 0 && n < o {
			return []string{"warm_throughput"}
		}
	}
	return nil
}

// asgCapacityWait is resourceGroupUpdate's wait
// (internal/service/autoscaling/group.go, waitGroupCapacitySatisfied): when
// min_size, desired_capacity or desired_capacity_type change and
// wait_for_capacity_timeout is not "0", the apply polls until exactly
// max(min_size, desired_capacity) instances are healthy and InService, up to
// the timeout. A create waits for at least desired_capacity (or min_size).
// The stand-in has no instances: it waits the timeout (scaled by
// $HOTSHOW_AWS_STANDIN_TIME_SCALE) and fails as the provider does.
func asgCapacityWait(ctx context.Context, prior, planned map[string]any) error {
	timeout, err := time.ParseDuration(str(planned["wait_for_capacity_timeout"]))
	if str(planned["wait_for_capacity_timeout"]) == "0" || (err == nil && timeout == 0) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("wait_for_capacity_timeout: %w", err)
	}
	if prior != nil && reflect.DeepEqual(prior["min_size"], planned["min_size"]) &&
		reflect.DeepEqual(prior["desired_capacity"], planned["desired_capacity"]) &&
		reflect.DeepEqual(prior["desired_capacity_type"], planned["desired_capacity_type"]) {
		return nil
	}
	minSize, _ := planned["min_size"].(float64)
	desired, _ := planned["desired_capacity"].(float64)
	want, how := max(minSize, desired), "exactly"
	if prior == nil {
		want, how = desired, "at least"
		if want == 0 {
			want = minSize
		}
	}
	if want == 0 {
		return nil
	}
	scale := 600.0
	if s, err := strconv.ParseFloat(os.Getenv(TimeScaleEnv), 64); err == nil && s > 0 {
		scale = s
	}
	if err := (clock.Real{}).Sleep(ctx, time.Duration(float64(timeout)/scale)); err != nil {
		return err
	}
	return fmt.Errorf("waiting for Auto Scaling Group (%s) capacity satisfied: timeout while waiting for state to become 'ok' (last state: 'want %s %d healthy instance(s) in Auto Scaling Group, have 0', timeout: %s)",
		str(planned["name"]), how, int(want), timeout)
}

func first(v any) map[string]any {
	l, _ := v.([]any)
	if len(l) == 0 {
		return nil
	}
	m, _ := l[0].(map[string]any)
	return m
}
