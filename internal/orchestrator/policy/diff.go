package policy

import (
	"fmt"
	"reflect"
)

// diffValue adds to out the paths at which before and after differ. An
// attribute unknown until apply counts as changed.
func diffValue(at string, before, after, unknown any, out map[string]bool) {
	if u, ok := unknown.(bool); ok && u {
		out[at] = true
		return
	}
	switch b := before.(type) {
	case map[string]any:
		a, ok := after.(map[string]any)
		if !ok {
			break
		}
		um, _ := unknown.(map[string]any)
		for _, k := range unionKeys(b, a, um) {
			diffValue(join(at, k), b[k], a[k], um[k], out)
		}
		return
	case []any:
		a, ok := after.([]any)
		if !ok {
			break
		}
		if diffList(at, b, a, unknown, out) {
			return
		}
	}
	if !reflect.DeepEqual(before, after) {
		out[at] = true
	}
}

// diffList compares lists of objects; false when they are not lists of
// objects of one length or keyed alike, so the caller compares them whole.
func diffList(at string, before, after []any, unknown any, out map[string]bool) bool {
	bk, bok := keyed(before)
	ak, aok := keyed(after)
	if bok && aok && len(bk) == len(ak) {
		for k, bv := range bk {
			av, ok := ak[k]
			if !ok {
				return false
			}
			diffValue(at, bv, av, nil, out)
		}
		return true
	}
	if len(before) != len(after) {
		return false
	}
	ul, _ := unknown.([]any)
	for i := range before {
		var u any
		if i < len(ul) {
			u = ul[i]
		}
		diffValue(at, before[i], after[i], u, out)
	}
	return true
}

// keyed indexes a list of objects by their "name" or "key" attribute.
func keyed(list []any) (map[string]any, bool) {
	out := map[string]any{}
	for _, v := range list {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		k, ok := m["name"]
		if !ok {
			k, ok = m["key"]
		}
		if !ok {
			return nil, false
		}
		out[fmt.Sprint(k)] = v
	}
	return out, true
}

func unionKeys(maps ...map[string]any) []string {
	seen := map[string]bool{}
	var keys []string
	for _, m := range maps {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				keys = append(keys, k)
			}
		}
	}
	return keys
}

func join(at, k string) string {
	if at == "" {
		return k
	}
	return at + "." + k
}
