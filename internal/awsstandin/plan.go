package awsstandin

import (
	"reflect"
)

// planObject plans one object as SDKv2 does: the proposed value (Terraform
// has already kept prior values of computed attributes the configuration
// leaves out), with Default filled into optional attributes left out, and a
// computed attribute with no value unknown until apply.
func planObject(attrs []Attr, blocks []Block, prior, config, proposed map[string]any) map[string]any {
	planned := make(map[string]any, len(proposed))
	for k, v := range proposed {
		planned[k] = v
	}
	for _, a := range attrs {
		if config[a.Name] != nil {
			continue
		}
		switch {
		case a.Default != nil:
			planned[a.Name] = normal(a.Default)
		case a.Computed && (prior == nil || planned[a.Name] == nil):
			planned[a.Name] = Unknown
		}
	}
	for _, b := range blocks {
		pl, _ := planned[b.Name].([]any)
		cl, _ := config[b.Name].([]any)
		var prl []any
		if prior != nil {
			prl, _ = prior[b.Name].([]any)
		}
		for i, e := range pl {
			em, ok := e.(map[string]any)
			if !ok {
				continue
			}
			var ce, pe map[string]any
			if i < len(cl) {
				ce, _ = cl[i].(map[string]any)
			}
			if i < len(prl) {
				pe, _ = prl[i].(map[string]any)
			}
			pl[i] = planObject(b.Attrs, b.Blocks, pe, ce, em)
		}
	}
	return planned
}

// planTags sets tags_all as the provider's tag CustomizeDiff does with no
// default_tags: the resource's tags (internal/provider/tags_interceptor.go,
// SetTagsDiff).
func planTags(planned, prior map[string]any) {
	if _, ok := planned["tags_all"]; !ok {
		return
	}
	if _, ok := planned["tags"]; !ok {
		return
	}
	tags, _ := planned["tags"].(map[string]any)
	if prior != nil && reflect.DeepEqual(prior["tags"], planned["tags"]) && prior["tags_all"] != nil {
		planned["tags_all"] = prior["tags_all"]
		return
	}
	all := map[string]any{}
	for k, v := range tags {
		all[k] = v
	}
	planned["tags_all"] = all
}

// forceNew lists the top-level attributes and blocks whose change replaces
// the resource: a ForceNew attribute that changed, or a block with a
// ForceNew attribute (at any depth) that changed.
func forceNew(attrs []Attr, blocks []Block, prior, planned map[string]any) []string {
	var out []string
	for _, a := range attrs {
		if a.ForceNew && planned[a.Name] != Unknown && !reflect.DeepEqual(prior[a.Name], planned[a.Name]) {
			out = append(out, a.Name)
		}
	}
	for _, b := range blocks {
		if !reflect.DeepEqual(forceNewValues(b, prior[b.Name]), forceNewValues(b, planned[b.Name])) {
			out = append(out, b.Name)
		}
	}
	return out
}

// forceNewValues projects a block's value onto its ForceNew attributes.
func forceNewValues(b Block, v any) []any {
	list, _ := v.([]any)
	var out []any
	for _, e := range list {
		m, _ := e.(map[string]any)
		p := map[string]any{}
		for _, a := range b.Attrs {
			if a.ForceNew || b.ForceNew {
				p[a.Name] = m[a.Name]
			}
		}
		for _, nb := range b.Blocks {
			if b.ForceNew {
				nb.ForceNew = true
			}
			if nv := forceNewValues(nb, m[nb.Name]); len(nv) > 0 {
				p[nb.Name] = nv
			}
		}
		if len(p) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// fillUnknown replaces the values left unknown by the plan with what AWS
// would return: value(name) for a top-level attribute when it has one, else
// the type's empty value.
func fillUnknown(attrs []Attr, blocks []Block, obj map[string]any, value func(name string) any) {
	for _, a := range attrs {
		if obj[a.Name] != Unknown {
			continue
		}
		if v := value(a.Name); v != nil {
			obj[a.Name] = v
			continue
		}
		obj[a.Name] = emptyOf(a)
	}
	for _, b := range blocks {
		list, _ := obj[b.Name].([]any)
		for _, e := range list {
			if m, ok := e.(map[string]any); ok {
				fillUnknown(b.Attrs, b.Blocks, m, func(string) any { return nil })
			}
		}
	}
}

func emptyOf(a Attr) any {
	switch {
	case a.Type.Is(String):
		return ""
	case a.Type.Is(Number):
		return 0.0
	case a.Type.Is(Bool):
		return false
	case a.Type.Is(MapStr):
		return map[string]any{}
	}
	return []any{}
}

// normal turns a Default into toGo's form.
func normal(v any) any {
	if n, ok := v.(int); ok {
		return float64(n)
	}
	return v
}
