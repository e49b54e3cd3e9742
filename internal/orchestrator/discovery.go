package orchestrator

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// rawState is the part of a `terraform state pull` document discovery reads.
type rawState struct {
	Version   int   `json:"version"`
	Serial    int64 `json:"serial"`
	Resources []struct {
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			Attributes struct {
				Schedule *rawSchedule       `json:"schedule"`
				Combine  *string            `json:"combine"`
				Floor    map[string]float64 `json:"floor"`
				Ceiling  map[string]float64 `json:"ceiling"`
			} `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

type rawSchedule struct {
	Name     string           `json:"name"`
	OnSaleAt string           `json:"on_sale_at"`
	Approved bool             `json:"approved"`
	Baseline map[string]int64 `json:"baseline"`
	Steps    []struct {
		At       string           `json:"at"`
		Phase    string           `json:"phase"`
		Capacity map[string]int64 `json:"capacity"`
	} `json:"steps"`
}

// ShowState is what a stack's state says of its shows.
type ShowState struct {
	Serial int64
	Shows  []timeline.Schedule
	OnSale map[string]time.Time // by show name
	// Fleet is how the stack combines its shows: the settings of its
	// hotshow_capacity data source when it has exactly one, else max.
	Fleet timeline.Options
}

// ParseState reads the schedules of every hotshow_show instance in a state
// document. An empty document (a stack never applied) has no shows.
func ParseState(doc []byte) (ShowState, error) {
	out := ShowState{OnSale: map[string]time.Time{}}
	if len(doc) == 0 {
		return out, nil
	}
	var st rawState
	if err := json.Unmarshal(doc, &st); err != nil {
		return out, fmt.Errorf("reading the state: %w", err)
	}
	if st.Version != 4 {
		return out, fmt.Errorf("reading the state: format version %d is not supported (want 4)", st.Version)
	}
	out.Serial = st.Serial
	var fleets []timeline.Options
	for _, r := range st.Resources {
		if r.Mode == "data" && r.Type == "hotshow_capacity" {
			for _, inst := range r.Instances {
				a := inst.Attributes
				fleets = append(fleets, timeline.Options{Combine: deref(a.Combine), Floor: wholeUnits(a.Floor), Ceiling: wholeUnits(a.Ceiling)})
			}
		}
		if r.Mode != "managed" || r.Type != "hotshow_show" {
			continue
		}
		for i, inst := range r.Instances {
			if inst.Attributes.Schedule == nil {
				return out, fmt.Errorf("reading the state: hotshow_show.%s instance %d has no schedule", r.Name, i)
			}
			s, onSale, err := inst.Attributes.Schedule.parse()
			if err != nil {
				return out, fmt.Errorf("reading the state: hotshow_show.%s instance %d: %w", r.Name, i, err)
			}
			out.Shows = append(out.Shows, s)
			out.OnSale[s.Name] = onSale
		}
	}
	if len(fleets) == 1 {
		out.Fleet = fleets[0]
	}
	return out, nil
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

func (r rawSchedule) parse() (timeline.Schedule, time.Time, error) {
	s := timeline.Schedule{Name: r.Name, Approved: r.Approved, Baseline: r.Baseline}
	onSale, err := timeline.ParseInstant(r.OnSaleAt)
	if err != nil {
		return s, onSale, fmt.Errorf("on_sale_at: %w", err)
	}
	for i, st := range r.Steps {
		at, err := timeline.ParseInstant(st.At)
		if err != nil {
			return s, onSale, fmt.Errorf("steps[%d].at: %w", i, err)
		}
		if i > 0 && !at.After(s.Steps[i-1].At) {
			return s, onSale, fmt.Errorf("steps[%d].at %s does not come after the step before it", i, st.At)
		}
		s.Steps = append(s.Steps, timeline.Step{At: at, Phase: st.Phase, Capacity: st.Capacity})
	}
	return s, onSale, nil
}
