package provider

import (
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// toShow turns a show's configuration into a timeline.Show, with zone and
// lead as the defaults for unset attributes (nil: not known yet). Every
// problem is a diagnostic on its attribute's path. known is false when a
// value the show depends on is unknown, or when there were errors.
func (m showResourceModelV1) toShow(zone, lead *string) (timeline.Show, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	s := timeline.Show{Name: m.Name.ValueString(), Approved: m.Approved.IsNull() || m.Approved.ValueBool()}
	known := !m.Name.IsUnknown() && !m.Approved.IsUnknown()

	loc, ok := parseAttr(&diags, path.Root("time_zone"), orDefault(m.TimeZone, zone), "Invalid Time Zone", timeline.LoadZone)
	known = known && ok
	if ok {
		s.OnSale, ok = parseAttr(&diags, path.Root("on_sale_at"), m.OnSaleAt, "Invalid On-Sale Time",
			func(v string) (time.Time, error) { return timeline.ParseOnSale(v, loc) })
		known = known && ok
	}
	s.Lead, ok = parseAttr(&diags, path.Root("lead"), orDefault(m.Lead, lead), "Invalid Lead", timeline.ParseLead)
	known = known && ok
	s.End, ok = parseAttr(&diags, path.Root("end"), m.End, "Invalid End", timeline.ParseOffset)
	known = known && ok
	s.Baseline, ok = capacityAttr(&diags, path.Root("baseline"), m.Baseline)
	known = known && ok
	s.Phases, ok = m.phases(&diags)
	known = known && ok

	if !known || diags.HasError() {
		return s, false, diags
	}
	for _, p := range s.Validate() {
		diags.AddAttributeError(problemPath(p), "Invalid Show", fmt.Sprintf("%s.", p.Error()))
	}
	return s, !diags.HasError(), diags
}

// phases reads the phases straight from the list's elements (no
// reflection into models: ValidateConfig and ModifyPlan read every show of
// a stack, a thousand at a time).
func (m showResourceModelV1) phases(diags *diag.Diagnostics) ([]timeline.Phase, bool) {
	if m.Phases.IsUnknown() || m.Phases.IsNull() {
		return nil, false
	}
	elements := m.Phases.Elements()
	known := true
	phases := make([]timeline.Phase, len(elements))
	for i, e := range elements {
		at := path.Root("phases").AtListIndex(i)
		obj, ok := e.(types.Object)
		switch {
		case !ok || obj.IsUnknown():
			// An element is unknown as a whole: the list is not known yet.
			return nil, false
		case obj.IsNull():
			diags.AddAttributeError(at, "Invalid Phase", fmt.Sprintf("%s: must not be null: give the phase a name and a start.", at))
			known = false
			continue
		}
		attrs := obj.Attributes()
		name, _ := attrs["name"].(types.String)
		start, _ := attrs["start"].(types.String)
		capacity, _ := attrs["capacity"].(types.Map)
		phases[i].Name = name.ValueString()
		phases[i].Start, ok = parseAttr(diags, at.AtName("start"), start, "Invalid Offset", timeline.ParseOffset)
		known = known && ok && !name.IsUnknown()
		phases[i].Capacity, ok = capacityAttr(diags, at.AtName("capacity"), capacity)
		known = known && ok
	}
	return phases, known
}

// parseAttr parses a known string attribute, adding an error diagnostic on p
// when it does not parse. It reports false when v is unknown or wrong.
func parseAttr[T any](diags *diag.Diagnostics, p path.Path, v types.String, summary string, parse func(string) (T, error)) (T, bool) {
	var zero T
	if v.IsUnknown() || v.IsNull() {
		return zero, false
	}
	out, err := parse(v.ValueString())
	if err != nil {
		diags.AddAttributeError(p, summary, fmt.Sprintf("%s: %s.", p, err))
		return zero, false
	}
	return out, true
}

// capacityAttr reads a map of whole, non-negative numbers (null is empty).
func capacityAttr(diags *diag.Diagnostics, p path.Path, m types.Map) (timeline.Capacity, bool) {
	if m.IsUnknown() {
		return nil, false
	}
	known := true
	c := timeline.Capacity{}
	for k, v := range m.Elements() {
		n, ok := v.(types.Number)
		if !ok || n.IsUnknown() {
			known = false
			continue
		}
		i, err := wholeNonNegative(n.ValueBigFloat())
		if err != nil {
			diags.AddAttributeError(p.AtMapKey(k), "Invalid Capacity", fmt.Sprintf("%s: %s.", p.AtMapKey(k), err))
			known = false
			continue
		}
		c[k] = i
	}
	return c, known
}

func problemPath(p timeline.Problem) path.Path {
	at := path.Root(p.Attribute)
	if p.Index >= 0 {
		at = at.AtListIndex(p.Index)
	}
	if p.Key != "" {
		at = at.AtName(p.Key)
	}
	return at
}
