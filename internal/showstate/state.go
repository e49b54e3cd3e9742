package showstate

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The resource types whose state the orchestrator reads.
const (
	ShowType     = "hotshow_show"
	CapacityType = "hotshow_capacity"
)

// stateV4 is the part of a Terraform state document (format version 4)
// that Parse reads.
type stateV4 struct {
	Version   int   `json:"version"`
	Serial    int64 `json:"serial"`
	Resources []struct {
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			Attributes struct {
				Schedule *ScheduleV0        `json:"schedule"`
				Lead     *string            `json:"lead"`
				Combine  *string            `json:"combine"`
				Floor    map[string]float64 `json:"floor"`
				Ceiling  map[string]float64 `json:"ceiling"`
			} `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

// State is what a stack's Terraform state says of its shows.
type State struct {
	Serial int64
	Shows  []timeline.Schedule
	// Fleet is how the stack combines its shows: the settings of its
	// hotshow_capacity data source when it has exactly one, else max.
	Fleet timeline.Options
	// Leads are the shows' lead times by show name, where one is set: how
	// long before a phase its capacity is asked for.
	Leads map[string]time.Duration
}

// Parse reads the schedule of every hotshow_show instance in a state
// document. An empty document (a stack never applied) has no shows.
func Parse(doc []byte) (State, error) {
	var out State
	if len(doc) == 0 {
		return out, nil
	}
	var st stateV4
	if err := json.Unmarshal(doc, &st); err != nil {
		return out, fmt.Errorf("reading the state: %w", err)
	}
	if st.Version != 4 {
		return out, fmt.Errorf("reading the state: format version %d is not supported (want 4)", st.Version)
	}
	out.Serial = st.Serial
	var fleets []timeline.Options
	for _, r := range st.Resources {
		switch {
		case r.Mode == "data" && r.Type == CapacityType:
			for _, inst := range r.Instances {
				a := inst.Attributes
				fleets = append(fleets, timeline.Options{Combine: deref(a.Combine), Floor: wholeUnits(a.Floor), Ceiling: wholeUnits(a.Ceiling)})
			}
		case r.Mode == "managed" && r.Type == ShowType:
			for i, inst := range r.Instances {
				where := fmt.Sprintf("reading the state: %s.%s instance %d", ShowType, r.Name, i)
				if inst.Attributes.Schedule == nil {
					return out, fmt.Errorf("%s has no schedule", where)
				}
				s, err := inst.Attributes.Schedule.check()
				if err != nil {
					return out, fmt.Errorf("%s: %w", where, err)
				}
				out.Shows = append(out.Shows, s)
				if l := inst.Attributes.Lead; l != nil && *l != "" {
					d, err := timeline.ParseLead(*l)
					if err != nil {
						return out, fmt.Errorf("%s: lead: %w", where, err)
					}
					if out.Leads == nil {
						out.Leads = map[string]time.Duration{}
					}
					out.Leads[s.Name] = d
				}
			}
		}
	}
	if len(fleets) == 1 {
		out.Fleet = fleets[0]
	}
	return out, nil
}

// check reads a stored schedule back, its on-sale instant included.
func (m ScheduleV0) check() (timeline.Schedule, error) {
	if _, err := m.OnSale(); err != nil {
		return timeline.Schedule{}, err
	}
	return m.Schedule()
}

func wholeUnits(m map[string]float64) timeline.Capacity {
	if m == nil {
		return nil
	}
	out := make(timeline.Capacity, len(m))
	for k, v := range m {
		out[k] = int64(v)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
