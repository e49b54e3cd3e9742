package awsstandin

import (
	"fmt"
	"math/big"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// unknownValue stands for a value Terraform knows only after apply.
type unknownValue struct{}

// Unknown is the Go form of an unknown value.
var Unknown any = unknownValue{}

// objectType is the Terraform type of a resource's or block's values.
func objectType(attrs []Attr, blocks []Block) tftypes.Object {
	t := tftypes.Object{AttributeTypes: map[string]tftypes.Type{}}
	for _, a := range attrs {
		t.AttributeTypes[a.Name] = a.Type
	}
	for _, b := range blocks {
		elem := objectType(b.Attrs, b.Blocks)
		switch b.Nesting {
		case Set:
			t.AttributeTypes[b.Name] = tftypes.Set{ElementType: elem}
		case Single:
			t.AttributeTypes[b.Name] = elem
		default:
			t.AttributeTypes[b.Name] = tftypes.List{ElementType: elem}
		}
	}
	return t
}

// toGo turns a Terraform value into plain Go: string, float64, bool, []any,
// map[string]any, nil for null, Unknown for unknown.
func toGo(v tftypes.Value) (any, error) {
	if !v.IsKnown() {
		return Unknown, nil
	}
	if v.IsNull() {
		return nil, nil
	}
	typ := v.Type()
	switch {
	case typ.Is(tftypes.String):
		var s string
		return s, v.As(&s)
	case typ.Is(tftypes.Number):
		var f big.Float
		if err := v.As(&f); err != nil {
			return nil, err
		}
		n, _ := f.Float64()
		return n, nil
	case typ.Is(tftypes.Bool):
		var b bool
		return b, v.As(&b)
	case typ.Is(tftypes.List{}), typ.Is(tftypes.Set{}), typ.Is(tftypes.Tuple{}):
		var elems []tftypes.Value
		if err := v.As(&elems); err != nil {
			return nil, err
		}
		out := make([]any, len(elems))
		for i, e := range elems {
			g, err := toGo(e)
			if err != nil {
				return nil, err
			}
			out[i] = g
		}
		return out, nil
	case typ.Is(tftypes.Map{}), typ.Is(tftypes.Object{}):
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return nil, err
		}
		out := make(map[string]any, len(m))
		for k, e := range m {
			g, err := toGo(e)
			if err != nil {
				return nil, err
			}
			out[k] = g
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported type %s", typ)
}

// fromGo is toGo's inverse for a value of type typ.
func fromGo(typ tftypes.Type, g any) (tftypes.Value, error) {
	if _, ok := g.(unknownValue); ok {
		return tftypes.NewValue(typ, tftypes.UnknownValue), nil
	}
	if g == nil {
		return tftypes.NewValue(typ, nil), nil
	}
	switch t := typ.(type) {
	case tftypes.List, tftypes.Set:
		elemType := elementType(t)
		list, ok := g.([]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("%T is not a list", g)
		}
		elems := make([]tftypes.Value, len(list))
		for i, e := range list {
			v, err := fromGo(elemType, e)
			if err != nil {
				return tftypes.Value{}, err
			}
			elems[i] = v
		}
		return tftypes.NewValue(typ, elems), nil
	case tftypes.Map:
		m, ok := g.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("%T is not a map", g)
		}
		out := make(map[string]tftypes.Value, len(m))
		for k, e := range m {
			v, err := fromGo(t.ElementType, e)
			if err != nil {
				return tftypes.Value{}, err
			}
			out[k] = v
		}
		return tftypes.NewValue(typ, out), nil
	case tftypes.Object:
		m, ok := g.(map[string]any)
		if !ok {
			return tftypes.Value{}, fmt.Errorf("%T is not an object", g)
		}
		out := make(map[string]tftypes.Value, len(t.AttributeTypes))
		for k, at := range t.AttributeTypes {
			v, err := fromGo(at, m[k])
			if err != nil {
				return tftypes.Value{}, fmt.Errorf("%s: %w", k, err)
			}
			out[k] = v
		}
		return tftypes.NewValue(typ, out), nil
	}
	switch {
	case typ.Is(tftypes.Number):
		switch n := g.(type) {
		case float64:
			return tftypes.NewValue(typ, big.NewFloat(n)), nil
		case int:
			return tftypes.NewValue(typ, big.NewFloat(float64(n))), nil
		}
	case typ.Is(tftypes.String), typ.Is(tftypes.Bool):
		return tftypes.NewValue(typ, g), nil
	}
	return tftypes.Value{}, fmt.Errorf("cannot make a %s of %T", typ, g)
}

func elementType(t tftypes.Type) tftypes.Type {
	switch t := t.(type) {
	case tftypes.List:
		return t.ElementType
	case tftypes.Set:
		return t.ElementType
	case tftypes.Map:
		return t.ElementType
	}
	return nil
}
