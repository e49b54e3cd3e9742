package awsstandin

import (
	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Schemas of the compute-tier resource types the ticketing example uses:
// aws_autoscaling_group, aws_autoscaling_policy, aws_ecs_service and
// aws_appautoscaling_target, read from hashicorp/terraform-provider-aws
// (recent main; the copy each comes from is named above its var).
//
// Conventions, as SDKv2 presents a schema to Terraform
// (terraform-plugin-sdk helper/schema/core_schema.go), shared with
// schemas_data.go:
//   - TypeInt and TypeFloat are Number; nullable.TypeNullableInt and
//     nullable.TypeNullableFloat are String
//     (internal/sdkv2/types/nullable: both are schema.TypeString).
//   - "id" is implicit: Optional+Computed String.
//   - A TypeList/TypeSet of *schema.Resource is a block; a Required one has
//     MinItems 1 (core_schema.go fakes "required" that way). Optional and
//     Optional+Computed blocks look the same to Terraform.
//   - tftags.TagsSchema() is tags: MapStr Optional; tftags.TagsSchemaComputed()
//     is tags_all: MapStr Optional+Computed (internal/tags/tags.go). Neither
//     is ForceNew.
//
// Left out:
//   - The "region" attribute provider v6 injects into every regional
//     resource (internal/provider/sdkv2/provider.go, initialize: Optional+
//     Computed String, planned to the provider's region by the defaultRegion
//     CustomizeDiff and replacing the resource on change through
//     forceNewIfRegionChanges, not through ForceNew). It is not declared in
//     the resource files; schemas_data.go leaves it out too.
//   - The SDKv2 "timeouts" block (nesting single), which the ticketing
//     example does not set: aws_autoscaling_group has update and delete
//     timeouts (10m each), aws_ecs_service create, update and delete (20m
//     each). The data sources declare theirs (datasources.go).
//   - What Attr and Block cannot say: ConflictsWith, ExactlyOneOf,
//     validation (e.g. MaxItems 400 on the instance_requirements instance
//     type sets), DiffSuppressFunc, StateFunc and CustomizeDiff. The ones
//     that change plans are noted where they apply.
//
// Nothing is omitted for size: mixed_instances_policy and its
// instance_requirements are written out in full.

// computeMinMaxBlock is one of instance_requirements' {max, min} blocks
// (internal/service/autoscaling/group.go): Optional, MaxItems 1, both
// attributes Optional (TypeInt or TypeFloat, so Number either way).
func computeMinMaxBlock(name string) Block {
	return Block{Name: name, Nesting: List, MaxItems: 1, Attrs: []Attr{
		{Name: "max", Type: Number, Optional: true},
		{Name: "min", Type: Number, Optional: true},
	}}
}

// computeLaunchTemplateSpecificationBlock is mixed_instances_policy's
// launch_template_specification (internal/service/autoscaling/group.go):
// Required (MinItems 1) under launch_template, Optional (MinItems 0) under
// override; MaxItems 1 in both.
func computeLaunchTemplateSpecificationBlock(minItems int64) Block {
	return Block{Name: "launch_template_specification", Nesting: List, MinItems: minItems, MaxItems: 1, Attrs: []Attr{
		{Name: "launch_template_id", Type: String, Optional: true, Computed: true},
		{Name: "launch_template_name", Type: String, Optional: true, Computed: true},
		{Name: "version", Type: String, Optional: true, Computed: true},
	}}
}

// computeInstanceRequirementsBlock is override's instance_requirements
// (internal/service/autoscaling/group.go): Optional, MaxItems 1.
func computeInstanceRequirementsBlock() Block {
	return Block{Name: "instance_requirements", Nesting: List, MaxItems: 1,
		Attrs: []Attr{
			{Name: "accelerator_manufacturers", Type: SetStr, Optional: true},
			{Name: "accelerator_names", Type: SetStr, Optional: true},
			{Name: "accelerator_types", Type: SetStr, Optional: true},
			{Name: "allowed_instance_types", Type: SetStr, Optional: true}, // MaxItems 400
			{Name: "bare_metal", Type: String, Optional: true},
			{Name: "burstable_performance", Type: String, Optional: true},
			{Name: "cpu_manufacturers", Type: SetStr, Optional: true},
			{Name: "excluded_instance_types", Type: SetStr, Optional: true}, // MaxItems 400
			{Name: "instance_generations", Type: SetStr, Optional: true},
			{Name: "local_storage", Type: String, Optional: true},
			{Name: "local_storage_types", Type: SetStr, Optional: true},
			{Name: "max_spot_price_as_percentage_of_optimal_on_demand_price", Type: Number, Optional: true},
			{Name: "on_demand_max_price_percentage_over_lowest_price", Type: Number, Optional: true},
			{Name: "require_hibernate_support", Type: Bool, Optional: true},
			{Name: "spot_max_price_percentage_over_lowest_price", Type: Number, Optional: true},
		},
		Blocks: []Block{
			computeMinMaxBlock("accelerator_count"),
			computeMinMaxBlock("accelerator_total_memory_mib"),
			computeMinMaxBlock("baseline_ebs_bandwidth_mbps"),
			computeMinMaxBlock("memory_gib_per_vcpu"), // TypeFloat
			computeMinMaxBlock("memory_mib"),
			computeMinMaxBlock("network_bandwidth_gbps"), // TypeFloat
			computeMinMaxBlock("network_interface_count"),
			computeMinMaxBlock("total_local_storage_gb"), // TypeFloat
			computeMinMaxBlock("vcpu_count"),
		},
	}
}

// internal/service/autoscaling/group.go, resourceGroup() — the 2026 copy
// (// Copyright IBM Corp. 2014, 2026; @IdentityAttribute("name"),
// preIdentityVersion v6.40.0), read from zongruxie4/terraform-provider-aws
// commit 085df7d21eec34f7424e40116574e49014edd12f, a public mirror of main;
// checked against hashicorp/terraform-provider-aws commit
// 00a919d1548eb437816d4838f320502ad34183ff (older: no
// availability_zone_distribution or capacity_reservation_specification, same
// otherwise). SchemaVersion 1. No tags/tags_all: tags are "tag" blocks.
// CustomizeDiff launchTemplateCustomDiff: when launch_template.0.name (or
// the mixed_instances_policy launch template name) changes, the plan sets
// launch_template.0.id (launch_template_id) to "unknown".
var autoscalingGroup = Resource{
	Type:   "aws_autoscaling_group",
	Source: "internal/service/autoscaling/group.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true},
		{Name: "arn", Type: String, Computed: true}, // computed only
		{Name: "availability_zones", Type: SetStr, Optional: true, Computed: true},
		{Name: "capacity_rebalance", Type: Bool, Optional: true},
		{Name: "context", Type: String, Optional: true},
		{Name: "default_cooldown", Type: Number, Optional: true, Computed: true},
		{Name: "default_instance_warmup", Type: Number, Optional: true},
		// Optional+Computed, no default: left out of the configuration, it is
		// unknown on create and keeps its prior value after.
		{Name: "desired_capacity", Type: Number, Optional: true, Computed: true},
		{Name: "desired_capacity_type", Type: String, Optional: true},
		{Name: "enabled_metrics", Type: SetStr, Optional: true},
		{Name: "force_delete", Type: Bool, Optional: true, Default: false},
		{Name: "force_delete_warm_pool", Type: Bool, Optional: true, Default: false},
		{Name: "health_check_grace_period", Type: Number, Optional: true, Default: 300},
		{Name: "health_check_type", Type: String, Optional: true, Computed: true},
		{Name: "ignore_failed_scaling_activities", Type: Bool, Optional: true, Default: false},
		{Name: "launch_configuration", Type: String, Optional: true},
		{Name: "load_balancers", Type: SetStr, Optional: true, Computed: true},
		{Name: "max_instance_lifetime", Type: Number, Optional: true},
		{Name: "max_size", Type: Number, Required: true},
		{Name: "metrics_granularity", Type: String, Optional: true, Default: "1Minute"}, // defaultEnabledMetricsGranularity, consts.go
		{Name: "min_elb_capacity", Type: Number, Optional: true},
		{Name: "min_size", Type: Number, Required: true},
		{Name: "name", Type: String, Optional: true, Computed: true, ForceNew: true},        // ForceNew
		{Name: "name_prefix", Type: String, Optional: true, Computed: true, ForceNew: true}, // ForceNew
		{Name: "placement_group", Type: String, Optional: true},
		{Name: "predicted_capacity", Type: Number, Computed: true}, // computed only
		{Name: "protect_from_scale_in", Type: Bool, Optional: true, Default: false},
		{Name: "service_linked_role_arn", Type: String, Optional: true, Computed: true},
		{Name: "suspended_processes", Type: SetStr, Optional: true},
		{Name: "target_group_arns", Type: SetStr, Optional: true, Computed: true},
		{Name: "termination_policies", Type: ListStr, Optional: true},
		{Name: "vpc_zone_identifier", Type: SetStr, Optional: true, Computed: true},
		// Default "10m": resourceGroupCreate and resourceGroupUpdate wait up to
		// this long for capacity (waitGroupCapacitySatisfied); "0" disables it.
		{Name: "wait_for_capacity_timeout", Type: String, Optional: true, Default: "10m"},
		{Name: "wait_for_elb_capacity", Type: Number, Optional: true},
		{Name: "warm_pool_size", Type: Number, Computed: true}, // computed only
	},
	Blocks: []Block{
		// Optional+Computed.
		{Name: "availability_zone_distribution", Nesting: List, MaxItems: 1, Attrs: []Attr{
			// awstypes.CapacityDistributionStrategyBalancedBestEffort
			{Name: "capacity_distribution_strategy", Type: String, Optional: true, Default: "balanced-best-effort"},
		}},
		// Optional+Computed.
		{Name: "capacity_reservation_specification", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "capacity_reservation_preference", Type: String, Optional: true, Computed: true},
			},
			Blocks: []Block{
				{Name: "capacity_reservation_target", Nesting: List, MaxItems: 1, Attrs: []Attr{
					{Name: "capacity_reservation_ids", Type: ListStr, Optional: true},
					{Name: "capacity_reservation_resource_group_arns", Type: ListStr, Optional: true},
				}},
			},
		},
		// ForceNew on the block and on every attribute in it.
		{Name: "initial_lifecycle_hook", Nesting: Set, ForceNew: true, Attrs: []Attr{
			{Name: "default_result", Type: String, Optional: true, Computed: true, ForceNew: true},
			{Name: "heartbeat_timeout", Type: Number, Optional: true, ForceNew: true},
			{Name: "lifecycle_transition", Type: String, Required: true, ForceNew: true},
			{Name: "name", Type: String, Required: true, ForceNew: true},
			{Name: "notification_metadata", Type: String, Optional: true, ForceNew: true},
			{Name: "notification_target_arn", Type: String, Optional: true, ForceNew: true},
			{Name: "role_arn", Type: String, Optional: true, ForceNew: true},
		}},
		// DiffSuppressFunc instanceMaintenancePolicyDiffSupress: adding a block
		// with -1 in either percentage is no change.
		{Name: "instance_maintenance_policy", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "max_healthy_percentage", Type: Number, Required: true},
			{Name: "min_healthy_percentage", Type: Number, Required: true},
		}},
		{Name: "instance_refresh", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "strategy", Type: String, Required: true},
				{Name: "triggers", Type: SetStr, Optional: true},
			},
			Blocks: []Block{
				{Name: "preferences", Nesting: List, MaxItems: 1,
					Attrs: []Attr{
						{Name: "auto_rollback", Type: Bool, Optional: true},
						{Name: "checkpoint_delay", Type: String, Optional: true}, // nullable.TypeNullableInt
						{Name: "checkpoint_percentages", Type: tftypes.List{ElementType: tftypes.Number}, Optional: true},
						{Name: "instance_warmup", Type: String, Optional: true}, // nullable.TypeNullableInt
						{Name: "max_healthy_percentage", Type: Number, Optional: true, Default: 100},
						{Name: "min_healthy_percentage", Type: Number, Optional: true, Default: 90},
						{Name: "scale_in_protected_instances", Type: String, Optional: true, Default: "Ignore"}, // awstypes.ScaleInProtectedInstancesIgnore
						{Name: "skip_matching", Type: Bool, Optional: true, Default: false},
						{Name: "standby_instances", Type: String, Optional: true, Default: "Ignore"}, // awstypes.StandbyInstancesIgnore
					},
					Blocks: []Block{
						{Name: "alarm_specification", Nesting: List, MaxItems: 1, Attrs: []Attr{
							{Name: "alarms", Type: ListStr, Optional: true},
						}},
					},
				},
			},
		},
		// Optional+Computed; ExactlyOneOf launch_configuration, launch_template,
		// mixed_instances_policy.
		{Name: "launch_template", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "id", Type: String, Optional: true, Computed: true},
			{Name: "name", Type: String, Optional: true, Computed: true},
			{Name: "version", Type: String, Optional: true, Computed: true},
		}},
		// Optional+Computed.
		{Name: "mixed_instances_policy", Nesting: List, MaxItems: 1, Blocks: []Block{
			// Optional+Computed.
			{Name: "instances_distribution", Nesting: List, MaxItems: 1, Attrs: []Attr{
				{Name: "on_demand_allocation_strategy", Type: String, Optional: true, Computed: true},
				{Name: "on_demand_base_capacity", Type: Number, Optional: true, Computed: true},
				{Name: "on_demand_percentage_above_base_capacity", Type: Number, Optional: true, Computed: true},
				{Name: "spot_allocation_strategy", Type: String, Optional: true, Computed: true},
				{Name: "spot_instance_pools", Type: Number, Optional: true, Computed: true},
				{Name: "spot_max_price", Type: String, Optional: true},
			}},
			// Required.
			{Name: "launch_template", Nesting: List, MinItems: 1, MaxItems: 1, Blocks: []Block{
				computeLaunchTemplateSpecificationBlock(1), // Required
				// Optional+Computed, no MaxItems.
				{Name: "override", Nesting: List,
					Attrs: []Attr{
						{Name: "instance_type", Type: String, Optional: true},
						{Name: "weighted_capacity", Type: String, Optional: true},
					},
					Blocks: []Block{
						computeInstanceRequirementsBlock(),
						computeLaunchTemplateSpecificationBlock(0), // Optional
					},
				},
			}},
		}},
		{Name: "tag", Nesting: Set, Attrs: []Attr{
			{Name: "key", Type: String, Required: true},
			{Name: "propagate_at_launch", Type: Bool, Required: true},
			{Name: "value", Type: String, Required: true},
		}},
		// Optional+Computed; ConflictsWith load_balancers, target_group_arns.
		{Name: "traffic_source", Nesting: Set, Attrs: []Attr{
			{Name: "identifier", Type: String, Required: true},
			{Name: "type", Type: String, Optional: true},
		}},
		{Name: "warm_pool", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "max_group_prepared_capacity", Type: Number, Optional: true, Default: -1}, // defaultWarmPoolMaxGroupPreparedCapacity, consts.go
				{Name: "min_size", Type: Number, Optional: true, Default: 0},
				{Name: "pool_state", Type: String, Optional: true, Default: "Stopped"}, // awstypes.WarmPoolStateStopped
			},
			Blocks: []Block{
				{Name: "instance_reuse_policy", Nesting: List, MaxItems: 1, Attrs: []Attr{
					{Name: "reuse_on_scale_in", Type: Bool, Optional: true, Default: false},
				}},
			},
		},
	},
}

// computeMetricDimensionsBlock is a {name, value} dimensions set
// (internal/service/autoscaling/policy.go): Optional.
func computeMetricDimensionsBlock(name string, nesting tfprotov5.SchemaNestedBlockNestingMode) Block {
	return Block{Name: name, Nesting: nesting, Attrs: []Attr{
		{Name: "name", Type: String, Required: true},
		{Name: "value", Type: String, Required: true},
	}}
}

// computeMetricBlock is metric_stat's metric
// (internal/service/autoscaling/policy.go): Required, MaxItems 1.
func computeMetricBlock() Block {
	return Block{Name: "metric", Nesting: List, MinItems: 1, MaxItems: 1,
		Attrs: []Attr{
			{Name: "metric_name", Type: String, Required: true},
			{Name: "namespace", Type: String, Required: true},
		},
		Blocks: []Block{computeMetricDimensionsBlock("dimensions", Set)},
	}
}

// computePredictiveMetricDataQueriesBlock is customizedMetricDataQuerySchema()
// (internal/service/autoscaling/policy.go, resourcePolicy's SchemaFunc):
// metric_data_queries, Required, MaxItems 10.
func computePredictiveMetricDataQueriesBlock() Block {
	return Block{Name: "metric_data_queries", Nesting: List, MinItems: 1, MaxItems: 10,
		Attrs: []Attr{
			{Name: "expression", Type: String, Optional: true},
			{Name: "id", Type: String, Required: true},
			{Name: "label", Type: String, Optional: true},
			{Name: "return_data", Type: Bool, Optional: true, Default: true},
		},
		Blocks: []Block{
			{Name: "metric_stat", Nesting: List, MaxItems: 1,
				Attrs: []Attr{
					{Name: "stat", Type: String, Required: true},
					{Name: "unit", Type: String, Optional: true},
				},
				Blocks: []Block{computeMetricBlock()},
			},
		},
	}
}

// computePredictiveCustomizedBlock is one of predictive_scaling_configuration's
// customized_*_metric_specification blocks: Optional, MaxItems 1.
func computePredictiveCustomizedBlock(name string) Block {
	return Block{Name: name, Nesting: List, MaxItems: 1, Blocks: []Block{computePredictiveMetricDataQueriesBlock()}}
}

// computePredefinedMetricBlock is a {predefined_metric_type, resource_label}
// block (internal/service/autoscaling/policy.go): Optional, MaxItems 1.
func computePredefinedMetricBlock(name string) Block {
	return Block{Name: name, Nesting: List, MaxItems: 1, Attrs: []Attr{
		{Name: "predefined_metric_type", Type: String, Required: true},
		{Name: "resource_label", Type: String, Optional: true},
	}}
}

// internal/service/autoscaling/policy.go, resourcePolicy() (SchemaFunc) —
// the newest copy found (names.* constants, "period" in target tracking
// metrics, step_adjustment without a custom Set hash), checked against hashicorp/terraform-provider-aws commit
// 007ce0a8dd1d97df0e44eeaa5d467b8f1443f4d1 (older: no "period"). No tags.
// Create and update both call PutScalingPolicy with every argument
// (expandPutScalingPolicyInput), which rejects arguments the policy_type
// does not support.
var autoscalingPolicy = Resource{
	Type:   "aws_autoscaling_policy",
	Source: "internal/service/autoscaling/policy.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true},
		{Name: "adjustment_type", Type: String, Optional: true},
		{Name: "arn", Type: String, Computed: true},                                     // computed only
		{Name: "autoscaling_group_name", Type: String, Required: true, ForceNew: true},  // ForceNew
		{Name: "cooldown", Type: Number, Optional: true},                                // SimpleScaling only
		{Name: "enabled", Type: Bool, Optional: true, Default: true},                    // default true
		{Name: "estimated_instance_warmup", Type: Number, Optional: true},               // StepScaling/TargetTrackingScaling only
		{Name: "metric_aggregation_type", Type: String, Optional: true, Computed: true}, // StepScaling only
		{Name: "min_adjustment_magnitude", Type: Number, Optional: true},                // ValidateFunc IntAtLeast(1)
		{Name: "name", Type: String, Required: true, ForceNew: true},                    // ForceNew
		{Name: "policy_type", Type: String, Optional: true, Default: "SimpleScaling"},   // policyTypeSimpleScaling, consts.go
		{Name: "scaling_adjustment", Type: Number, Optional: true},                      // ConflictsWith step_adjustment; required for SimpleScaling
	},
	Blocks: []Block{
		{Name: "predictive_scaling_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "max_capacity_breach_behavior", Type: String, Optional: true, Default: "HonorMaxCapacity"}, // awstypes.PredictiveScalingMaxCapacityBreachBehaviorHonorMaxCapacity
				{Name: "max_capacity_buffer", Type: String, Optional: true},                                       // nullable.TypeNullableInt
				{Name: "mode", Type: String, Optional: true, Default: "ForecastOnly"},                             // awstypes.PredictiveScalingModeForecastOnly
				{Name: "scheduling_buffer_time", Type: String, Optional: true},                                    // nullable.TypeNullableInt
			},
			Blocks: []Block{
				// Required.
				{Name: "metric_specification", Nesting: List, MinItems: 1, MaxItems: 1,
					Attrs: []Attr{
						{Name: "target_value", Type: Number, Required: true},
					},
					Blocks: []Block{
						computePredictiveCustomizedBlock("customized_capacity_metric_specification"),
						computePredictiveCustomizedBlock("customized_load_metric_specification"),
						computePredictiveCustomizedBlock("customized_scaling_metric_specification"),
						computePredefinedMetricBlock("predefined_load_metric_specification"),
						computePredefinedMetricBlock("predefined_metric_pair_specification"),
						computePredefinedMetricBlock("predefined_scaling_metric_specification"),
					},
				},
			},
		},
		// ConflictsWith scaling_adjustment; required for StepScaling.
		{Name: "step_adjustment", Nesting: Set, Attrs: []Attr{
			{Name: "metric_interval_lower_bound", Type: String, Optional: true}, // nullable.TypeNullableFloat
			{Name: "metric_interval_upper_bound", Type: String, Optional: true}, // nullable.TypeNullableFloat
			{Name: "scaling_adjustment", Type: Number, Required: true},
		}},
		// Required for (and only allowed with) TargetTrackingScaling.
		{Name: "target_tracking_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "disable_scale_in", Type: Bool, Optional: true, Default: false},
				{Name: "target_value", Type: Number, Required: true},
			},
			Blocks: []Block{
				// ConflictsWith predefined_metric_specification.
				{Name: "customized_metric_specification", Nesting: List, MaxItems: 1,
					Attrs: []Attr{
						{Name: "metric_name", Type: String, Optional: true},
						{Name: "namespace", Type: String, Optional: true},
						{Name: "period", Type: Number, Optional: true}, // IntInSlice 10, 30, 60
						{Name: "statistic", Type: String, Optional: true},
						{Name: "unit", Type: String, Optional: true},
					},
					Blocks: []Block{
						computeMetricDimensionsBlock("metric_dimension", List),
						{Name: "metrics", Nesting: Set,
							Attrs: []Attr{
								{Name: "expression", Type: String, Optional: true},
								{Name: "id", Type: String, Required: true},
								{Name: "label", Type: String, Optional: true},
								{Name: "return_data", Type: Bool, Optional: true, Default: true},
							},
							Blocks: []Block{
								{Name: "metric_stat", Nesting: List, MaxItems: 1,
									Attrs: []Attr{
										{Name: "period", Type: Number, Optional: true}, // IntInSlice 10, 30, 60
										{Name: "stat", Type: String, Required: true},
										{Name: "unit", Type: String, Optional: true},
									},
									Blocks: []Block{computeMetricBlock()},
								},
							},
						},
					},
				},
				// ConflictsWith customized_metric_specification.
				computePredefinedMetricBlock("predefined_metric_specification"),
			},
		},
	},
}

// internal/service/ecs/service.go, resourceService() — the 2026 copy
// (// Copyright IBM Corp. 2014, 2026; @IdentityAttribute("cluster"),
// preIdentityVersion v6.33.0). SchemaVersion 1 (v0 is the v5.58.0 schema, with
// managed_ebs_volume.throughput a string). CustomizeDiff:
// capacityProviderStrategyCustomizeDiff, triggersCustomizeDiff.
var ecsService = Resource{
	Type:   "aws_ecs_service",
	Source: "internal/service/ecs/service.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true}, // the service ARN
		{Name: "arn", Type: String, Computed: true},                // computed only
		{Name: "availability_zone_rebalancing", Type: String, Optional: true, Computed: true},
		{Name: "cluster", Type: String, Optional: true, Computed: true, ForceNew: true}, // ForceNew
		// DiffSuppressFunc: no diff when scheduling_strategy is DAEMON and new is "200".
		{Name: "deployment_maximum_percent", Type: Number, Optional: true, Default: 200},
		// DiffSuppressFunc: no diff when scheduling_strategy is DAEMON and new is "100".
		{Name: "deployment_minimum_healthy_percent", Type: Number, Optional: true, Default: 100},
		// Optional, not Computed, no default; DiffSuppressFunc: no diff when
		// scheduling_strategy is DAEMON.
		{Name: "desired_count", Type: Number, Optional: true},
		{Name: "enable_ecs_managed_tags", Type: Bool, Optional: true, Default: false},
		{Name: "enable_execute_command", Type: Bool, Optional: true, Default: false},
		{Name: "force_delete", Type: Bool, Optional: true},
		{Name: "force_new_deployment", Type: Bool, Optional: true},
		{Name: "health_check_grace_period_seconds", Type: Number, Optional: true},
		{Name: "iam_role", Type: String, Optional: true, Computed: true, ForceNew: true},    // ForceNew
		{Name: "launch_type", Type: String, Optional: true, Computed: true, ForceNew: true}, // ForceNew
		{Name: "name", Type: String, Required: true, ForceNew: true},                        // ForceNew
		{Name: "platform_version", Type: String, Optional: true, Computed: true},
		// DiffSuppressFunc: old "NONE" and new "" is no change.
		{Name: "propagate_tags", Type: String, Optional: true},
		{Name: "scheduling_strategy", Type: String, Optional: true, ForceNew: true, Default: "REPLICA"}, // ForceNew; awstypes.SchedulingStrategyReplica
		{Name: "sigint_rollback", Type: Bool, Optional: true},
		{Name: "tags", Type: MapStr, Optional: true},                     // tftags.TagsSchema()
		{Name: "tags_all", Type: MapStr, Optional: true, Computed: true}, // tftags.TagsSchemaComputed()
		{Name: "task_definition", Type: String, Optional: true},
		// Optional+Computed; for in-place updates only (triggersCustomizeDiff).
		{Name: "triggers", Type: MapStr, Optional: true, Computed: true},
		{Name: "wait_for_steady_state", Type: Bool, Optional: true, Default: false},
	},
	Blocks: []Block{
		// DiffSuppressFunc verify.SuppressMissingOptionalConfigurationBlock.
		{Name: "alarms", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "alarm_names", Type: SetStr, Required: true},
			{Name: "enable", Type: Bool, Required: true},
			{Name: "rollback", Type: Bool, Required: true},
		}},
		{Name: "capacity_provider_strategy", Nesting: Set, Attrs: []Attr{
			{Name: "base", Type: Number, Optional: true},
			{Name: "capacity_provider", Type: String, Required: true},
			{Name: "weight", Type: Number, Optional: true},
		}},
		// DiffSuppressFunc verify.SuppressMissingOptionalConfigurationBlock.
		{Name: "deployment_circuit_breaker", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "enable", Type: Bool, Required: true},
			{Name: "rollback", Type: Bool, Required: true},
		}},
		// Optional+Computed.
		{Name: "deployment_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "bake_time_in_minutes", Type: String, Optional: true, Computed: true}, // nullable.TypeNullableInt
				{Name: "strategy", Type: String, Optional: true, Computed: true},
			},
			Blocks: []Block{
				// Optional+Computed.
				{Name: "canary_configuration", Nesting: List, MaxItems: 1, Attrs: []Attr{
					{Name: "canary_bake_time_in_minutes", Type: String, Optional: true, Computed: true}, // nullable.TypeNullableInt
					{Name: "canary_percent", Type: Number, Optional: true, Computed: true},
				}},
				{Name: "lifecycle_hook", Nesting: Set, Attrs: []Attr{
					{Name: "hook_details", Type: String, Optional: true},
					{Name: "hook_target_arn", Type: String, Required: true},
					{Name: "lifecycle_stages", Type: ListStr, Required: true},
					{Name: "role_arn", Type: String, Required: true},
				}},
				// Optional+Computed.
				{Name: "linear_configuration", Nesting: List, MaxItems: 1, Attrs: []Attr{
					{Name: "step_bake_time_in_minutes", Type: String, Optional: true, Computed: true}, // nullable.TypeNullableInt
					{Name: "step_percent", Type: Number, Optional: true, Computed: true},
				}},
			},
		},
		// DiffSuppressFunc verify.SuppressMissingOptionalConfigurationBlock.
		{Name: "deployment_controller", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "type", Type: String, Optional: true, Default: "ECS"}, // awstypes.DeploymentControllerTypeEcs
		}},
		{Name: "load_balancer", Nesting: Set,
			Attrs: []Attr{
				{Name: "container_name", Type: String, Required: true},
				{Name: "container_port", Type: Number, Required: true},
				{Name: "elb_name", Type: String, Optional: true},
				{Name: "target_group_arn", Type: String, Optional: true},
			},
			Blocks: []Block{
				{Name: "advanced_configuration", Nesting: List, MaxItems: 1, Attrs: []Attr{
					{Name: "alternate_target_group_arn", Type: String, Required: true},
					{Name: "production_listener_rule", Type: String, Required: true},
					{Name: "role_arn", Type: String, Required: true},
					{Name: "test_listener_rule", Type: String, Optional: true},
				}},
			},
		},
		{Name: "network_configuration", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "assign_public_ip", Type: Bool, Optional: true, Default: false},
			{Name: "security_groups", Type: SetStr, Optional: true},
			{Name: "subnets", Type: SetStr, Required: true},
		}},
		{Name: "ordered_placement_strategy", Nesting: List, MaxItems: 5, Attrs: []Attr{
			// StateFunc "host" -> "instanceId"; case-insensitive DiffSuppressFunc.
			{Name: "field", Type: String, Optional: true},
			{Name: "type", Type: String, Required: true},
		}},
		{Name: "placement_constraints", Nesting: Set, MaxItems: 10, Attrs: []Attr{
			{Name: "expression", Type: String, Optional: true},
			{Name: "type", Type: String, Required: true},
		}},
		{Name: "service_connect_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "enabled", Type: Bool, Required: true},
				{Name: "namespace", Type: String, Optional: true, Computed: true},
			},
			Blocks: []Block{
				{Name: "access_log_configuration", Nesting: List, MaxItems: 1, Attrs: []Attr{
					{Name: "format", Type: String, Required: true},
					{Name: "include_query_parameters", Type: String, Optional: true, Computed: true},
				}},
				{Name: "log_configuration", Nesting: List, MaxItems: 1,
					Attrs: []Attr{
						{Name: "log_driver", Type: String, Required: true},
						{Name: "options", Type: MapStr, Optional: true, Computed: true},
					},
					Blocks: []Block{
						{Name: "secret_option", Nesting: List, Attrs: []Attr{
							{Name: "name", Type: String, Required: true},
							{Name: "value_from", Type: String, Required: true},
						}},
					},
				},
				{Name: "service", Nesting: List,
					Attrs: []Attr{
						{Name: "discovery_name", Type: String, Optional: true, Computed: true},
						{Name: "ingress_port_override", Type: Number, Optional: true},
						{Name: "port_name", Type: String, Required: true},
					},
					Blocks: []Block{
						{Name: "client_alias", Nesting: List, MaxItems: 1,
							Attrs: []Attr{
								{Name: "dns_name", Type: String, Optional: true, Computed: true},
								{Name: "port", Type: Number, Required: true},
							},
							Blocks: []Block{
								{Name: "test_traffic_rules", Nesting: List, Blocks: []Block{
									{Name: "header", Nesting: List, MaxItems: 1,
										Attrs: []Attr{
											{Name: "name", Type: String, Required: true},
										},
										Blocks: []Block{
											// Required.
											{Name: "value", Nesting: List, MinItems: 1, MaxItems: 1, Attrs: []Attr{
												{Name: "exact", Type: String, Required: true},
											}},
										},
									},
								}},
							},
						},
						{Name: "timeout", Nesting: List, MaxItems: 1, Attrs: []Attr{
							{Name: "idle_timeout_seconds", Type: Number, Optional: true},
							{Name: "per_request_timeout_seconds", Type: Number, Optional: true},
						}},
						{Name: "tls", Nesting: List, MaxItems: 1,
							Attrs: []Attr{
								{Name: "kms_key", Type: String, Optional: true},
								{Name: "role_arn", Type: String, Optional: true},
							},
							Blocks: []Block{
								// Required.
								{Name: "issuer_cert_authority", Nesting: List, MinItems: 1, MaxItems: 1, Attrs: []Attr{
									{Name: "aws_pca_authority_arn", Type: String, Required: true},
								}},
							},
						},
					},
				},
			},
		},
		{Name: "service_registries", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "container_name", Type: String, Optional: true},
			{Name: "container_port", Type: Number, Optional: true},
			{Name: "port", Type: Number, Optional: true},
			{Name: "registry_arn", Type: String, Required: true},
		}},
		{Name: "volume_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "name", Type: String, Required: true},
			},
			Blocks: []Block{
				// Required.
				{Name: "managed_ebs_volume", Nesting: List, MinItems: 1, MaxItems: 1,
					Attrs: []Attr{
						{Name: "encrypted", Type: Bool, Optional: true, Default: true},
						{Name: "file_system_type", Type: String, Optional: true, Default: "xfs"}, // awstypes.TaskFilesystemTypeXfs
						{Name: "iops", Type: Number, Optional: true},
						{Name: "kms_key_id", Type: String, Optional: true},
						{Name: "role_arn", Type: String, Required: true},
						{Name: "size_in_gb", Type: Number, Optional: true},
						{Name: "snapshot_id", Type: String, Optional: true},
						{Name: "throughput", Type: Number, Optional: true},
						{Name: "volume_initialization_rate", Type: Number, Optional: true},
						{Name: "volume_type", Type: String, Optional: true},
					},
					Blocks: []Block{
						{Name: "tag_specifications", Nesting: List, Attrs: []Attr{
							{Name: "propagate_tags", Type: String, Optional: true},
							{Name: "resource_type", Type: String, Required: true},
							{Name: "tags", Type: MapStr, Optional: true}, // tftags.TagsSchema()
						}},
					},
				},
			},
		},
		{Name: "vpc_lattice_configurations", Nesting: Set, Attrs: []Attr{
			{Name: "port_name", Type: String, Required: true},
			{Name: "role_arn", Type: String, Required: true},
			{Name: "target_group_arn", Type: String, Required: true},
		}},
	},
}

// internal/service/appautoscaling/target.go, resourceTarget() — the newest
// copy found (@Testing annotations, names.AttrMaxCapacity) predates
// suspended_state (added by hashicorp/terraform-provider-aws#38942, August
// 2024). suspended_state is taken from the v6 provider's schema of
// aws_appautoscaling_target as terraform providers schema -json prints it
// (with "region"): a list block, MaxItems 1, three Optional bools; that
// schema carries no defaults and the PR describes the block as
// Optional+Computed. CustomizeDiff verify.SetTagsDiff (tags_all).
// The ID is resource_id.
var appautoscalingTarget = Resource{
	Type:   "aws_appautoscaling_target",
	Source: "internal/service/appautoscaling/target.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true},
		{Name: "arn", Type: String, Computed: true}, // computed only
		{Name: "max_capacity", Type: Number, Required: true},
		{Name: "min_capacity", Type: Number, Required: true},
		{Name: "resource_id", Type: String, Required: true, ForceNew: true}, // ForceNew
		// Optional+Computed: AWS fills in the service-linked role.
		{Name: "role_arn", Type: String, Optional: true, Computed: true},
		{Name: "scalable_dimension", Type: String, Required: true, ForceNew: true}, // ForceNew
		{Name: "service_namespace", Type: String, Required: true, ForceNew: true},  // ForceNew
		{Name: "tags", Type: MapStr, Optional: true},                               // tftags.TagsSchema()
		{Name: "tags_all", Type: MapStr, Optional: true, Computed: true},           // tftags.TagsSchemaComputed()
	},
	Blocks: []Block{
		// Schema dump, not source: see above. No defaults known.
		{Name: "suspended_state", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "dynamic_scaling_in_suspended", Type: Bool, Optional: true},
			{Name: "dynamic_scaling_out_suspended", Type: Bool, Optional: true},
			{Name: "scheduled_scaling_suspended", Type: Bool, Optional: true},
		}},
	},
}
