package awsstandin

import (
	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Attribute types, as the AWS provider's SDKv2 schemas declare them.
var (
	String    tftypes.Type = tftypes.String
	Number    tftypes.Type = tftypes.Number
	Bool      tftypes.Type = tftypes.Bool
	ListStr   tftypes.Type = tftypes.List{ElementType: tftypes.String}
	SetStr    tftypes.Type = tftypes.Set{ElementType: tftypes.String}
	MapStr    tftypes.Type = tftypes.Map{ElementType: tftypes.String}
	SetNumber tftypes.Type = tftypes.Set{ElementType: tftypes.Number}
)

// Nesting modes of blocks. Single is SDKv2's "timeouts" block only
// (helper/schema/core_schema.go): its value is one object or null, not a
// list.
const (
	List   = tfprotov5.SchemaNestedBlockNestingModeList
	Set    = tfprotov5.SchemaNestedBlockNestingModeSet
	Single = tfprotov5.SchemaNestedBlockNestingModeSingle
)

// Attr is one attribute of a schema, as the real provider declares it.
// Default is the SDKv2 Default (string, int, float64 or bool), applied at
// plan time to an optional attribute left out of the configuration.
type Attr struct {
	Name      string
	Type      tftypes.Type
	Required  bool
	Optional  bool
	Computed  bool
	ForceNew  bool
	Sensitive bool
	Default   any
}

// Block is a nested block (an SDKv2 TypeList or TypeSet of *schema.Resource,
// or the timeouts block).
type Block struct {
	Name     string
	Nesting  tfprotov5.SchemaNestedBlockNestingMode
	MinItems int64
	MaxItems int64
	ForceNew bool // every attribute inside is ForceNew (SDKv2 ForceNew on the block)
	Attrs    []Attr
	Blocks   []Block
}

// Resource is a managed resource type's or a data source's schema.
type Resource struct {
	Type   string
	Source string // the AWS provider file the schema was read from
	Attrs  []Attr
	Blocks []Block
}
