package showstate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The resource types whose state the orchestrator reads.
const (
	ShowType     = "hotshow_show"
	CapacityType = "hotshow_capacity"
	CalendarType = "hotshow_calendar"
)

// stateV4 is the part of a Terraform state document (format version 4)
// that Parse reads.
type stateV4 struct {
	Version      int   `json:"version"`
	Serial       int64 `json:"serial"`
	CheckResults []struct {
		ObjectKind string `json:"object_kind"`
		ConfigAddr string `json:"config_addr"`
	} `json:"check_results"`
	Resources []struct {
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Instances []struct {
			Attributes struct {
				Schedule json.RawMessage    `json:"schedule"`
				Lead     *string            `json:"lead"`
				Combine  *string            `json:"combine"`
				Floor    map[string]float64 `json:"floor"`
				Ceiling  map[string]float64 `json:"ceiling"`
				// hotshow_calendar's
				Profiles  []string                   `json:"profiles"`
				Requests  map[string]CalendarRequest `json:"requests"`
				Invalid   map[string]string          `json:"invalid"`
				Cancelled []string                   `json:"cancelled"`
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
	// Calendar is what the stack's hotshow_calendar read, when it has
	// exactly one: the profiles it knows and the requests it found.
	Calendar *Calendar
	// Checks are the stack's check blocks (readiness checks), by address,
	// as its last apply recorded them in the state (Terraform 1.5 and later,
	// OpenTofu).
	Checks []string
}

// Calendar is a hotshow_calendar's reading, as the last apply left it.
type Calendar struct {
	Profiles  []string
	Requests  map[string]CalendarRequest // valid and not cancelled, by ticket
	Invalid   map[string]string          // ticket → why it was left out
	Cancelled []string
}

// CalendarRequest is one request of a hotshow_calendar's requests.
type CalendarRequest struct {
	Ticket    string `json:"ticket"`
	Name      string `json:"name"`
	OnSaleUTC string `json:"on_sale_at_utc"`
	Profile   string `json:"profile"`
	Approved  bool   `json:"approved"`
	Requester string `json:"requester"`
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
	for _, c := range st.CheckResults {
		if c.ObjectKind == "check" {
			out.Checks = append(out.Checks, c.ConfigAddr)
		}
	}
	var fleets []timeline.Options
	var calendars []*Calendar
	for _, r := range st.Resources {
		switch {
		case r.Mode == "data" && r.Type == CalendarType:
			for _, inst := range r.Instances {
				a := inst.Attributes
				calendars = append(calendars, &Calendar{Profiles: a.Profiles, Requests: a.Requests, Invalid: a.Invalid, Cancelled: a.Cancelled})
			}
		case r.Mode == "data" && r.Type == CapacityType:
			for _, inst := range r.Instances {
				a := inst.Attributes
				fleets = append(fleets, timeline.Options{Combine: deref(a.Combine), Floor: wholeUnits(a.Floor), Ceiling: wholeUnits(a.Ceiling)})
			}
		case r.Mode == "managed" && r.Type == ShowType:
			for i, inst := range r.Instances {
				where := fmt.Sprintf("reading the state: %s.%s instance %d", ShowType, r.Name, i)
				s, err := readSchedule(inst.Attributes.Schedule)
				if errors.Is(err, errNoSchedule) {
					return out, fmt.Errorf("%s has no schedule", where)
				}
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
	if len(calendars) == 1 {
		out.Calendar = calendars[0]
	}
	return out, nil
}

var errNoSchedule = errors.New("no schedule")

// readSchedule reads a schedule attribute in either of the forms hotshow_show
// has stored it in: an object (schema version 0) or a string of JSON
// (version 1). A stack's state keeps the old form until Terraform next
// writes it with a provider of version 1.
func readSchedule(raw json.RawMessage) (timeline.Schedule, error) {
	raw = bytes.TrimSpace(raw)
	switch {
	case len(raw) == 0 || string(raw) == "null":
		return timeline.Schedule{}, errNoSchedule
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return timeline.Schedule{}, fmt.Errorf("schedule: %w", err)
		}
		return ScheduleV1(s).Schedule()
	case raw[0] == '{':
		var m ScheduleV0
		if err := json.Unmarshal(raw, &m); err != nil {
			return timeline.Schedule{}, fmt.Errorf("schedule: %w", err)
		}
		return m.check()
	default:
		return timeline.Schedule{}, fmt.Errorf("schedule is neither an object (schema version 0) nor a string of JSON (schema version 1)")
	}
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
