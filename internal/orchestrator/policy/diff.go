package policy

import (
	"fmt"
	"path"
	"reflect"
	"strings"
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
// Elements keyed by a "name" or "key" attribute are paired by it, and their
// paths name it: "provisioning_parameters[key=NodeCount].value".
func diffList(at string, before, after []any, unknown any, out map[string]bool) bool {
	ul, _ := unknown.([]any)
	unknownAt := func(i int) any {
		if i < len(ul) {
			return ul[i]
		}
		return nil
	}
	bk, battr, bok := keyed(before)
	ak, aattr, aok := keyed(after)
	if bok && aok && battr == aattr && len(bk) == len(ak) {
		for k, bi := range bk {
			ai, ok := ak[k]
			if !ok {
				return false
			}
			diffValue(fmt.Sprintf("%s[%s=%s]", at, battr, k), before[bi], after[ai], unknownAt(ai), out)
		}
		return true
	}
	if len(before) != len(after) {
		return false
	}
	for i := range before {
		diffValue(at, before[i], after[i], unknownAt(i), out)
	}
	return true
}

// keyed indexes a list of objects by their "name" or "key" attribute, and
// says which it is.
func keyed(list []any) (map[string]int, string, bool) {
	out := map[string]int{}
	attr := ""
	for i, v := range list {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, "", false
		}
		a := "name"
		k, ok := m[a]
		if !ok {
			a = "key"
			k, ok = m[a]
		}
		if !ok || (attr != "" && a != attr) {
			return nil, "", false
		}
		attr = a
		s := fmt.Sprint(k)
		if _, dup := out[s]; dup {
			return nil, "", false
		}
		out[s] = i
	}
	return out, attr, true
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

// segments splits an attribute path at the dots outside brackets:
// "a[key=x.y].b" is "a[key=x.y]" and "b".
func segments(p string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range p {
		switch r {
		case '[':
			depth++
		case ']':
			depth--
		case '.':
			if depth == 0 {
				out = append(out, p[start:i])
				start = i + 1
			}
		}
	}
	return append(out, p[start:])
}

// splitSegment parses "name[attr=key]" into its parts; sel is false when the
// segment has no selector.
func splitSegment(s string) (name, selector string, sel bool) {
	i := strings.IndexByte(s, '[')
	if i < 0 || !strings.HasSuffix(s, "]") {
		return s, "", false
	}
	return s[:i], s[i+1 : len(s)-1], true
}

// matchPath reports whether an attribute path matches an allow pattern.
// Segments match by path.Match; a pattern segment without a selector
// matches every element of a keyed list ("provisioning_parameters.value"),
// one with a selector only the elements it names
// ("provisioning_parameters[key=NodeCount].value", or [key=Queue*]).
func matchPath(pattern, attr string) bool {
	ps, as := segments(pattern), segments(attr)
	if len(ps) != len(as) {
		return false
	}
	for i := range ps {
		pn, psel, phas := splitSegment(ps[i])
		an, asel, _ := splitSegment(as[i])
		if ok, _ := path.Match(pn, an); !ok {
			return false
		}
		if phas {
			if ok, _ := path.Match(psel, asel); !ok {
				return false
			}
		}
	}
	return true
}

// ValidPattern checks an allow pattern's syntax: dotted segments, each a
// name with at most one [attr=key] selector, every pattern valid for
// path.Match.
func ValidPattern(p string) error {
	if p == "" {
		return fmt.Errorf("the pattern is empty")
	}
	for _, s := range segments(p) {
		name, sel, has := splitSegment(s)
		if name == "" || strings.ContainsAny(name, "[]") {
			return fmt.Errorf("%q: segment %q is not a name or name[attribute=key]", p, s)
		}
		if has {
			a, k, ok := strings.Cut(sel, "=")
			if !ok || (a != "key" && a != "name") || k == "" {
				return fmt.Errorf("%q: selector [%s] must be [key=...] or [name=...]", p, sel)
			}
			if _, err := path.Match(k, ""); err != nil {
				return fmt.Errorf("%q: %w", p, err)
			}
		}
		if _, err := path.Match(name, ""); err != nil {
			return fmt.Errorf("%q: %w", p, err)
		}
	}
	return nil
}
