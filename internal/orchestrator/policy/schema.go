package policy

import (
	tfjson "github.com/hashicorp/terraform-json"
)

// resourceSchema is the schema of rc's resource type in its provider's
// schemas; nil when unknown.
func resourceSchema(schemas *tfjson.ProviderSchemas, rc *tfjson.ResourceChange) *tfjson.SchemaBlock {
	if schemas == nil {
		return nil
	}
	ps, ok := schemas.Schemas[rc.ProviderName]
	if !ok || ps == nil {
		return nil
	}
	s, ok := ps.ResourceSchemas[rc.Type]
	if !ok || s == nil {
		return nil
	}
	return s.Block
}

// computedOnly reports whether the attribute at path (dotted, with list
// selectors) is one the provider computes and nobody configures: computed,
// neither optional nor required, or inside such an attribute. Nested blocks
// and nested attributes are followed; an unknown path is not computed-only.
func computedOnly(block *tfjson.SchemaBlock, path string) bool {
	for _, seg := range segments(path) {
		if block == nil {
			return false
		}
		name, _, _ := splitSegment(seg)
		if a, ok := block.Attributes[name]; ok && a != nil {
			if a.Computed && !a.Optional && !a.Required {
				return true
			}
			if a.AttributeNestedType == nil {
				return false
			}
			block = &tfjson.SchemaBlock{Attributes: a.AttributeNestedType.Attributes}
			continue
		}
		nb, ok := block.NestedBlocks[name]
		if !ok || nb == nil {
			return false
		}
		block = nb.Block
	}
	return false
}
