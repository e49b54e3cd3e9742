package awsstandin

import "github.com/hashicorp/terraform-plugin-go/tftypes"

// Schemas of the data-tier resource types the ticketing example uses, read
// from hashicorp/terraform-provider-aws (main branch, 2026 copies unless a
// comment says otherwise). Conventions, as SDKv2 presents a schema to
// Terraform (terraform-plugin-sdk helper/schema/core_schema.go):
//   - TypeInt and TypeFloat are Number; nullable.TypeNullableFloat is String.
//   - "id" is implicit: Optional+Computed String.
//   - A TypeList/TypeSet of *schema.Resource that is Optional (or
//     Optional+Computed) is a block; a Required one is a block with
//     MinItems 1; MinItems on an Optional block is dropped (0); a
//     Computed-only one is an attribute of list/set of object.
//   - The SDKv2 "timeouts" block (nesting single) is left out of the
//     resources: the ticketing example sets none. The data sources declare
//     theirs (datasources.go).
//   - The "region" attribute that provider v6 injects into every regional
//     resource (internal/provider, not the resource files; Region:
//     inttypes.ResourceRegionDefault() in service_package_gen.go) is left
//     out: it is not declared in these files and its plan-time defaulting
//     is the provider's, not the resource's.

// dataOnDemandThroughputBlock is onDemandThroughputSchema()
// (internal/service/dynamodb/table.go): Optional, MaxItems 1, used for the
// table and for each global_secondary_index.
func dataOnDemandThroughputBlock() Block {
	return Block{Name: "on_demand_throughput", Nesting: List, MaxItems: 1, Attrs: []Attr{
		// DiffSuppressFunc: old "0" and new "-1" is no change (table.go).
		{Name: "max_read_request_units", Type: Number, Optional: true, Computed: true},
		{Name: "max_write_request_units", Type: Number, Optional: true, Computed: true},
	}}
}

// dataWarmThroughputBlock is warmThroughputSchema()
// (internal/service/dynamodb/table.go): Optional+Computed, MaxItems 1, used
// for the table and for each global_secondary_index.
func dataWarmThroughputBlock() Block {
	return Block{Name: "warm_throughput", Nesting: List, MaxItems: 1, Attrs: []Attr{
		{Name: "read_units_per_second", Type: Number, Optional: true, Computed: true},  // ValidateFunc IntAtLeast(12000)
		{Name: "write_units_per_second", Type: Number, Optional: true, Computed: true}, // ValidateFunc IntAtLeast(4000)
	}}
}

// dynamodbTable is read from internal/service/dynamodb/table.go
// (resourceTable, SDKv2, SchemaVersion 1, @Tags(identifierAttribute="arn")).
// CustomizeDiff (table.go) forces replacement when restore_source_name or
// restore_source_table_arn changes to a non-empty value, and when
// warm_throughput.0.read_units_per_second or write_units_per_second
// decreases to a non-zero value; it marks stream_arn unknown when
// stream_enabled changes, or stream_view_type changes to a non-empty value,
// on an existing table; and it clears spurious diffs of
// server_side_encryption, point_in_time_recovery (both disabled),
// warm_throughput (AWS defaults when not configured), global_secondary_index
// and attribute.
var dynamodbTable = Resource{
	Type:   "aws_dynamodb_table",
	Source: "internal/service/dynamodb/table.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true},
		{Name: "arn", Type: String, Computed: true},
		{Name: "billing_mode", Type: String, Optional: true, Default: "PROVISIONED"}, // Default awstypes.BillingModeProvisioned (table.go)
		{Name: "deletion_protection_enabled", Type: Bool, Optional: true},
		{Name: "hash_key", Type: String, Optional: true, Computed: true, ForceNew: true},
		{Name: "name", Type: String, Required: true, ForceNew: true},
		{Name: "range_key", Type: String, Optional: true, ForceNew: true},
		// Not ForceNew: updated in place (UpdateTable). ConflictsWith
		// on_demand_throughput (table.go).
		{Name: "read_capacity", Type: Number, Optional: true, Computed: true},
		{Name: "restore_date_time", Type: String, Optional: true, ForceNew: true},
		// restore_source_name and restore_source_table_arn are not ForceNew in
		// the schema: CustomizeDiff ForceNewIfChange replaces when old != new
		// && new != "" (table.go).
		{Name: "restore_source_name", Type: String, Optional: true},
		{Name: "restore_source_table_arn", Type: String, Optional: true},
		{Name: "restore_to_latest_time", Type: Bool, Optional: true, ForceNew: true},
		{Name: "stream_arn", Type: String, Computed: true},
		{Name: "stream_enabled", Type: Bool, Optional: true},
		{Name: "stream_label", Type: String, Computed: true},
		{Name: "stream_view_type", Type: String, Optional: true, Computed: true}, // StateFunc upper-cases (table.go)
		// Default awstypes.TableClassStandard; DiffSuppressFunc: old "" and new
		// "STANDARD" is no change (table.go).
		{Name: "table_class", Type: String, Optional: true, Default: "STANDARD"},
		{Name: "tags", Type: MapStr, Optional: true},
		{Name: "tags_all", Type: MapStr, Optional: true, Computed: true}, // tftags.TagsSchemaComputed: Optional+Computed (internal/tags/tags.go)
		// Not ForceNew: updated in place (UpdateTable). ConflictsWith
		// on_demand_throughput (table.go).
		{Name: "write_capacity", Type: Number, Optional: true, Computed: true},
	},
	Blocks: []Block{
		{Name: "attribute", Nesting: Set, Attrs: []Attr{ // Optional+Computed set (table.go)
			{Name: "name", Type: String, Required: true},
			{Name: "type", Type: String, Required: true},
		}},
		{Name: "global_secondary_index", Nesting: Set, // Optional+Computed set (table.go)
			Attrs: []Attr{
				{Name: "hash_key", Type: String, Optional: true, Computed: true}, // Deprecated: use key_schema (table.go)
				{Name: "name", Type: String, Required: true},
				{Name: "non_key_attributes", Type: SetStr, Optional: true},
				{Name: "projection_type", Type: String, Required: true},
				{Name: "range_key", Type: String, Optional: true}, // Deprecated: use key_schema (table.go)
				{Name: "read_capacity", Type: Number, Optional: true, Computed: true},
				{Name: "write_capacity", Type: Number, Optional: true, Computed: true},
			},
			Blocks: []Block{
				{Name: "key_schema", Nesting: List, Attrs: []Attr{ // Optional+Computed list (table.go)
					{Name: "attribute_name", Type: String, Required: true},
					{Name: "key_type", Type: String, Required: true},
				}},
				dataOnDemandThroughputBlock(),
				dataWarmThroughputBlock(),
			},
		},
		{Name: "global_table_witness", Nesting: List, MaxItems: 1, Attrs: []Attr{ // Optional+Computed (table.go)
			{Name: "region_name", Type: String, Optional: true, Computed: true},
		}},
		// ConflictsWith restore_source_name, restore_source_table_arn (table.go).
		{Name: "import_table", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "input_compression_type", Type: String, Optional: true},
				{Name: "input_format", Type: String, Required: true},
			},
			Blocks: []Block{
				{Name: "input_format_options", Nesting: List, MaxItems: 1, Blocks: []Block{
					{Name: "csv", Nesting: List, MaxItems: 1, Attrs: []Attr{
						{Name: "delimiter", Type: String, Optional: true},
						{Name: "header_list", Type: SetStr, Optional: true},
					}},
				}},
				// Required, MaxItems 1, ForceNew (table.go): MinItems 1 on the wire.
				{Name: "s3_bucket_source", Nesting: List, MinItems: 1, MaxItems: 1, ForceNew: true, Attrs: []Attr{
					{Name: "bucket", Type: String, Required: true},
					{Name: "bucket_owner", Type: String, Optional: true},
					{Name: "key_prefix", Type: String, Optional: true},
				}},
			},
		},
		{Name: "local_secondary_index", Nesting: Set, ForceNew: true, Attrs: []Attr{ // ForceNew set (table.go)
			{Name: "name", Type: String, Required: true, ForceNew: true},
			{Name: "non_key_attributes", Type: ListStr, Optional: true, ForceNew: true},
			{Name: "projection_type", Type: String, Required: true, ForceNew: true},
			{Name: "range_key", Type: String, Required: true, ForceNew: true},
		}},
		dataOnDemandThroughputBlock(), // Optional, not Computed; not ForceNew: UpdateTable OnDemandThroughput (table.go)
		{Name: "point_in_time_recovery", Nesting: List, MaxItems: 1, Attrs: []Attr{ // Optional+Computed (table.go)
			{Name: "enabled", Type: Bool, Required: true},
			// ValidateFunc IntBetween(1, 35); diff suppressed while enabled is false (table.go).
			{Name: "recovery_period_in_days", Type: Number, Optional: true, Computed: true},
		}},
		{Name: "replica", Nesting: Set, Attrs: []Attr{ // Optional set (table.go)
			{Name: "arn", Type: String, Computed: true},
			{Name: "consistency_mode", Type: String, Optional: true, Default: "EVENTUAL"}, // Default awstypes.MultiRegionConsistencyEventual (table.go)
			{Name: "deletion_protection_enabled", Type: Bool, Optional: true, Computed: true},
			{Name: "kms_key_arn", Type: String, Optional: true, Computed: true},
			{Name: "point_in_time_recovery", Type: Bool, Optional: true, Default: false},
			{Name: "propagate_tags", Type: Bool, Optional: true, Default: false},
			{Name: "region_name", Type: String, Required: true},
			{Name: "stream_arn", Type: String, Computed: true},
			{Name: "stream_label", Type: String, Computed: true},
		}},
		{Name: "server_side_encryption", Nesting: List, MaxItems: 1, Attrs: []Attr{ // Optional+Computed (table.go)
			{Name: "enabled", Type: Bool, Required: true},
			{Name: "kms_key_arn", Type: String, Optional: true, Computed: true},
		}},
		// Optional+Computed; DiffSuppressFunc
		// verify.SuppressMissingOptionalConfigurationBlock (table.go).
		{Name: "ttl", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "attribute_name", Type: String, Optional: true},
			{Name: "enabled", Type: Bool, Optional: true, Default: false},
		}},
		// Optional+Computed; a decrease of either value forces replacement
		// (CustomizeDiff ForceNewIfChange, table.go).
		dataWarmThroughputBlock(),
	},
}

// lambdaProvisionedConcurrencyConfig is read from
// internal/service/lambda/provisioned_concurrency_config.go
// (resourceProvisionedConcurrencyConfig, SDKv2, SchemaVersion 1; the copy
// read is a 5.x one, and the 2026 internal/service/lambda/
// service_package_gen.go still lists it among SDKResources, not framework
// resources). No CustomizeDiff. Update calls PutProvisionedConcurrencyConfig
// and waits for Status READY (Pending IN_PROGRESS, Delay 5s, timeout 15m).
var lambdaProvisionedConcurrencyConfig = Resource{
	Type:   "aws_lambda_provisioned_concurrency_config",
	Source: "internal/service/lambda/provisioned_concurrency_config.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true}, // "function_name,qualifier"
		{Name: "function_name", Type: String, Required: true, ForceNew: true},
		{Name: "provisioned_concurrent_executions", Type: Number, Required: true}, // not ForceNew: updated in place; IntAtLeast(1)
		{Name: "qualifier", Type: String, Required: true, ForceNew: true},
		// Default false; when true, delete only forgets the resource (no
		// DeleteProvisionedConcurrencyConfig) (provisioned_concurrency_config.go).
		{Name: "skip_destroy", Type: Bool, Optional: true, Default: false},
	},
}

// servicecatalogProvisionedProduct is read from
// internal/service/servicecatalog/provisioned_product.go
// (resourceProvisionedProduct, SDKv2, @Tags without identifier attribute:
// tags are sent in ProvisionProduct/UpdateProvisionedProduct and read from
// DescribeRecord's RecordTags). CustomizeDiff refreshOutputsDiff marks
// outputs unknown when provisioning_parameters, provisioning_artifact_id or
// provisioning_artifact_name change.
var servicecatalogProvisionedProduct = Resource{
	Type:   "aws_servicecatalog_provisioned_product",
	Source: "internal/service/servicecatalog/provisioned_product.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true},             // the provisioned product ID
		{Name: "accept_language", Type: String, Optional: true, Default: "en"}, // Default acceptLanguageEnglish = "en" (consts.go)
		{Name: "arn", Type: String, Computed: true},
		{Name: "cloudwatch_dashboard_names", Type: SetStr, Computed: true},
		{Name: "created_time", Type: String, Computed: true},
		{Name: "ignore_errors", Type: Bool, Optional: true, Default: false},
		{Name: "last_provisioning_record_id", Type: String, Computed: true},
		{Name: "last_record_id", Type: String, Computed: true},
		{Name: "last_successful_provisioning_record_id", Type: String, Computed: true},
		{Name: "launch_role_arn", Type: String, Computed: true},
		{Name: "name", Type: String, Required: true, ForceNew: true},
		{Name: "notification_arns", Type: ListStr, Optional: true, ForceNew: true},
		// outputs is a Computed-only TypeSet of &schema.Resource{description,
		// key, value} (each Computed): SDKv2 presents it as an attribute of
		// type set(object), not a block. Marked unknown by refreshOutputsDiff
		// (provisioned_product.go).
		{Name: "outputs", Type: tftypes.Set{ElementType: tftypes.Object{AttributeTypes: map[string]tftypes.Type{
			"description": tftypes.String,
			"key":         tftypes.String,
			"value":       tftypes.String,
		}}}, Computed: true},
		{Name: "path_id", Type: String, Optional: true, Computed: true},    // ConflictsWith path_name
		{Name: "path_name", Type: String, Optional: true},                  // ConflictsWith path_id
		{Name: "product_id", Type: String, Optional: true, Computed: true}, // ExactlyOneOf product_id, product_name
		{Name: "product_name", Type: String, Optional: true},
		// ExactlyOneOf provisioning_artifact_id, provisioning_artifact_name.
		{Name: "provisioning_artifact_id", Type: String, Optional: true, Computed: true},
		{Name: "provisioning_artifact_name", Type: String, Optional: true},
		{Name: "retain_physical_resources", Type: Bool, Optional: true, Default: false},
		{Name: "status", Type: String, Computed: true},
		{Name: "status_message", Type: String, Computed: true},
		{Name: "tags", Type: MapStr, Optional: true},
		{Name: "tags_all", Type: MapStr, Optional: true, Computed: true}, // tftags.TagsSchemaComputed (internal/tags/tags.go)
		{Name: "type", Type: String, Computed: true},
	},
	Blocks: []Block{
		{Name: "provisioning_parameters", Nesting: List, Attrs: []Attr{ // Optional list, no MaxItems, not ForceNew
			{Name: "key", Type: String, Required: true},
			{Name: "use_previous_value", Type: Bool, Optional: true},
			{Name: "value", Type: String, Optional: true},
		}},
		{Name: "stack_set_provisioning_preferences", Nesting: List, MaxItems: 1, Attrs: []Attr{
			{Name: "accounts", Type: ListStr, Optional: true},
			{Name: "failure_tolerance_count", Type: Number, Optional: true},      // ExactlyOneOf with failure_tolerance_percentage
			{Name: "failure_tolerance_percentage", Type: Number, Optional: true}, // ExactlyOneOf with failure_tolerance_count
			{Name: "max_concurrency_count", Type: Number, Optional: true},        // ExactlyOneOf with max_concurrency_percentage
			{Name: "max_concurrency_percentage", Type: Number, Optional: true},   // ExactlyOneOf with max_concurrency_count
			{Name: "regions", Type: ListStr, Optional: true},
		}},
	},
}

// dataDimensionsBlock is a set of {name, value} dimensions, both Required
// (internal/service/appautoscaling/policy.go).
func dataDimensionsBlock(name string) Block {
	return Block{Name: name, Nesting: Set, Attrs: []Attr{
		{Name: "name", Type: String, Required: true},
		{Name: "value", Type: String, Required: true},
	}}
}

// dataPredefinedMetricBlock is one of the predictive scaling predefined
// metric blocks (internal/service/appautoscaling/policy.go).
func dataPredefinedMetricBlock(name string) Block {
	return Block{Name: name, Nesting: List, MaxItems: 1, Attrs: []Attr{
		{Name: "predefined_metric_type", Type: String, Required: true},
		{Name: "resource_label", Type: String, Optional: true},
	}}
}

// dataPredictiveCustomizedMetricBlock is
// predictiveScalingCustomizedMetricSpecificationSchema()
// (internal/service/appautoscaling/policy.go).
func dataPredictiveCustomizedMetricBlock(name string) Block {
	return Block{Name: name, Nesting: List, MaxItems: 1, Blocks: []Block{
		// Required list: MinItems 1 on the wire.
		{Name: "metric_data_query", Nesting: List, MinItems: 1,
			Attrs: []Attr{
				{Name: "expression", Type: String, Optional: true},
				{Name: "id", Type: String, Required: true},
				{Name: "label", Type: String, Optional: true},
				{Name: "return_data", Type: Bool, Optional: true},
			},
			Blocks: []Block{
				{Name: "metric_stat", Nesting: List, MaxItems: 1,
					Attrs: []Attr{
						{Name: "stat", Type: String, Required: true},
						{Name: "unit", Type: String, Optional: true},
					},
					Blocks: []Block{
						{Name: "metric", Nesting: List, MinItems: 1, MaxItems: 1, // Required
							Attrs: []Attr{
								{Name: "metric_name", Type: String, Optional: true},
								{Name: "namespace", Type: String, Optional: true},
							},
							Blocks: []Block{dataDimensionsBlock("dimension")},
						},
					},
				},
			},
		},
	}}
}

// appautoscalingPolicy is read from
// internal/service/appautoscaling/policy.go (resourcePolicy, SDKv2; create
// and update are both resourcePolicyPut: PutScalingPolicy). No
// CustomizeDiff.
var appautoscalingPolicy = Resource{
	Type:   "aws_appautoscaling_policy",
	Source: "internal/service/appautoscaling/policy.go",
	Attrs: []Attr{
		{Name: "id", Type: String, Optional: true, Computed: true}, // the policy name
		{Name: "alarm_arns", Type: ListStr, Computed: true},
		{Name: "arn", Type: String, Computed: true},
		{Name: "name", Type: String, Required: true, ForceNew: true},
		{Name: "policy_type", Type: String, Optional: true, Default: "StepScaling"}, // Default awstypes.PolicyTypeStepScaling; not ForceNew (policy.go)
		{Name: "resource_id", Type: String, Required: true, ForceNew: true},
		{Name: "scalable_dimension", Type: String, Required: true, ForceNew: true},
		{Name: "service_namespace", Type: String, Required: true, ForceNew: true},
	},
	Blocks: []Block{
		{Name: "predictive_scaling_policy_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "max_capacity_breach_behavior", Type: String, Optional: true},
				{Name: "max_capacity_buffer", Type: Number, Optional: true},
				{Name: "mode", Type: String, Optional: true, Computed: true},
				{Name: "scheduling_buffer_time", Type: Number, Optional: true, Computed: true},
			},
			Blocks: []Block{
				// Required list, no MaxItems: MinItems 1 on the wire.
				{Name: "metric_specification", Nesting: List, MinItems: 1,
					Attrs: []Attr{
						{Name: "target_value", Type: String, Required: true}, // nullable.TypeNullableFloat: a string (policy.go)
					},
					Blocks: []Block{
						dataPredictiveCustomizedMetricBlock("customized_capacity_metric_specification"),
						dataPredictiveCustomizedMetricBlock("customized_load_metric_specification"),
						dataPredictiveCustomizedMetricBlock("customized_scaling_metric_specification"),
						dataPredefinedMetricBlock("predefined_load_metric_specification"),
						dataPredefinedMetricBlock("predefined_metric_pair_specification"),
						dataPredefinedMetricBlock("predefined_scaling_metric_specification"),
					},
				},
			},
		},
		{Name: "step_scaling_policy_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "adjustment_type", Type: String, Optional: true},
				{Name: "cooldown", Type: Number, Optional: true},
				{Name: "metric_aggregation_type", Type: String, Optional: true},
				{Name: "min_adjustment_magnitude", Type: Number, Optional: true},
			},
			Blocks: []Block{
				{Name: "step_adjustment", Nesting: Set, Attrs: []Attr{
					// nullable.TypeNullableFloat: strings (policy.go).
					{Name: "metric_interval_lower_bound", Type: String, Optional: true},
					{Name: "metric_interval_upper_bound", Type: String, Optional: true},
					{Name: "scaling_adjustment", Type: Number, Required: true},
				}},
			},
		},
		// policy.go declares MinItems 1, MaxItems 1, Optional: SDKv2 drops
		// MinItems on an Optional block, so Terraform sees MinItems 0.
		{Name: "target_tracking_scaling_policy_configuration", Nesting: List, MaxItems: 1,
			Attrs: []Attr{
				{Name: "disable_scale_in", Type: Bool, Optional: true, Default: false},
				{Name: "scale_in_cooldown", Type: Number, Optional: true},
				{Name: "scale_out_cooldown", Type: Number, Optional: true},
				{Name: "target_value", Type: Number, Required: true}, // TypeFloat
			},
			Blocks: []Block{
				// ConflictsWith predefined_metric_specification (policy.go).
				{Name: "customized_metric_specification", Nesting: List, MaxItems: 1,
					Attrs: []Attr{
						{Name: "metric_name", Type: String, Optional: true},
						{Name: "namespace", Type: String, Optional: true},
						{Name: "statistic", Type: String, Optional: true},
						{Name: "unit", Type: String, Optional: true},
					},
					Blocks: []Block{
						dataDimensionsBlock("dimensions"),
						{Name: "metrics", Nesting: Set,
							Attrs: []Attr{
								{Name: "expression", Type: String, Optional: true},
								{Name: "id", Type: String, Required: true},
								{Name: "label", Type: String, Optional: true},
								{Name: "return_data", Type: Bool, Optional: true, Default: true}, // Default true (policy.go)
							},
							Blocks: []Block{
								{Name: "metric_stat", Nesting: List, MaxItems: 1,
									Attrs: []Attr{
										{Name: "stat", Type: String, Required: true},
										{Name: "unit", Type: String, Optional: true},
									},
									Blocks: []Block{
										{Name: "metric", Nesting: List, MinItems: 1, MaxItems: 1, // Required
											Attrs: []Attr{
												{Name: "metric_name", Type: String, Required: true},
												{Name: "namespace", Type: String, Required: true},
											},
											Blocks: []Block{dataDimensionsBlock("dimensions")},
										},
									},
								},
							},
						},
					},
				},
				// ConflictsWith customized_metric_specification (policy.go).
				{Name: "predefined_metric_specification", Nesting: List, MaxItems: 1, Attrs: []Attr{
					{Name: "predefined_metric_type", Type: String, Required: true},
					{Name: "resource_label", Type: String, Optional: true},
				}},
			},
		},
	},
}
