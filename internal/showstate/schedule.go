package showstate

import (
	"fmt"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// ScheduleV0 is the show's normalized timeline, every instant as UTC
// RFC 3339: hotshow_show's schedule attribute in schema version 0 (a nested
// object), and the fields of ScheduleV1's JSON from version 1 on.
type ScheduleV0 struct {
	Name     string           `tfsdk:"name" json:"name"`
	OnSaleAt string           `tfsdk:"on_sale_at" json:"on_sale_at"`
	Approved bool             `tfsdk:"approved" json:"approved"`
	Baseline map[string]int64 `tfsdk:"baseline" json:"baseline"`
	Steps    []StepV0         `tfsdk:"steps" json:"steps"`
}

// StepV0 is one step of ScheduleV0.
type StepV0 struct {
	At       string           `tfsdk:"at" json:"at"`
	Phase    string           `tfsdk:"phase" json:"phase"`
	Capacity map[string]int64 `tfsdk:"capacity" json:"capacity"`
}

// NewScheduleV0 is the stored form of a show's schedule.
func NewScheduleV0(s timeline.Schedule, onSale time.Time) ScheduleV0 {
	m := ScheduleV0{Name: s.Name, OnSaleAt: FormatInstant(onSale), Approved: s.Approved, Baseline: s.Baseline, Steps: []StepV0{}}
	for _, st := range s.Steps {
		m.Steps = append(m.Steps, StepV0{At: FormatInstant(st.At), Phase: st.Phase, Capacity: st.Capacity})
	}
	return m
}

// Schedule reads the stored form back. Its steps must be instants in
// strictly increasing order; the error names the step at fault.
func (m ScheduleV0) Schedule() (timeline.Schedule, error) {
	s := timeline.Schedule{Name: m.Name, Approved: m.Approved, Baseline: m.Baseline}
	if m.OnSaleAt != "" {
		t, err := m.OnSale()
		if err != nil {
			return timeline.Schedule{}, err
		}
		s.OnSale = t.UTC()
	}
	for i, st := range m.Steps {
		at, err := timeline.ParseInstant(st.At)
		if err != nil {
			return timeline.Schedule{}, fmt.Errorf("steps[%d].at: %w", i, err)
		}
		if i > 0 && !at.After(s.Steps[i-1].At) {
			return timeline.Schedule{}, fmt.Errorf("steps[%d].at %s does not come after the step before it", i, st.At)
		}
		s.Steps = append(s.Steps, timeline.Step{At: at, Phase: st.Phase, Capacity: st.Capacity})
	}
	return s, nil
}

// OnSale reads the on-sale instant back.
func (m ScheduleV0) OnSale() (time.Time, error) {
	t, err := timeline.ParseInstant(m.OnSaleAt)
	if err != nil {
		return t, fmt.Errorf("on_sale_at: %w", err)
	}
	return t, nil
}

// FormatInstant is how every instant of the contract is written: UTC,
// RFC 3339 with as many fractional digits as needed.
func FormatInstant(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
