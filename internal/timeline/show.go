package timeline

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// The phases a show reports outside its own program.
const (
	PhaseScheduled  = "scheduled"
	PhaseEnded      = "ended"
	PhaseUnapproved = "unapproved"
)

// Capacity is a whole, non-negative number of units per dimension.
type Capacity map[string]int64

// Phase is one step of a show's program.
type Phase struct {
	Name     string
	Start    time.Duration // offset from the on-sale instant
	Capacity Capacity      // dimensions it does not name are at their baseline
}

// Show is a validated-on-demand show definition.
type Show struct {
	Name     string
	OnSale   time.Time
	Lead     time.Duration
	Approved bool
	Baseline Capacity
	Phases   []Phase
	End      time.Duration // offset at which the last phase ends
}

// Step is an instant at which a show's phase or effective capacity changes,
// with the phase and capacity in force from then on.
type Step struct {
	At       time.Time
	Phase    string
	Capacity Capacity
}

// Schedule is a show's normalized timeline. Before its first step a show is
// "scheduled" at its baseline; Capacity maps name every dimension the show has.
type Schedule struct {
	Name     string
	OnSale   time.Time // UTC; zero when not known
	Approved bool
	Baseline Capacity
	Steps    []Step
}

// Validate lists what is wrong with the show, each problem located by the
// attribute it concerns. An empty result means Schedule may be called.
func (s Show) Validate() []Problem {
	var ps []Problem
	if s.Name == "" {
		ps = append(ps, Problem{"name", -1, "", "must not be empty: give the show a name such as \"Eras Tour — Sydney N1\""})
	}
	if s.Lead < 0 {
		ps = append(ps, Problem{"lead", -1, "", "must not be negative"})
	}
	ps = append(ps, negatives("baseline", -1, "", s.Baseline)...)
	if len(s.Phases) == 0 {
		return append(ps, Problem{"phases", -1, "", "must list at least one phase, such as { name = \"peak\", start = \"0s\", capacity = { web = 100 } }"})
	}
	ps = append(ps, s.validatePhases()...)
	last := s.Phases[len(s.Phases)-1]
	if s.End <= last.Start {
		ps = append(ps, Problem{"end", -1, "", fmt.Sprintf("%s is not after the start of the last phase %q (%s): end must be a later offset", fmtOffset(s.End), last.Name, fmtOffset(last.Start))})
	}
	return ps
}

func (s Show) validatePhases() []Problem {
	var ps []Problem
	seen := map[string]int{}
	for i, p := range s.Phases {
		switch p.Name {
		case "":
			ps = append(ps, Problem{"phases", i, "name", "must not be empty"})
		case PhaseScheduled, PhaseEnded, PhaseUnapproved:
			ps = append(ps, Problem{"phases", i, "name", fmt.Sprintf("%q is reserved for a show outside its phases: choose another name", p.Name)})
		default:
			if j, dup := seen[p.Name]; dup {
				ps = append(ps, Problem{"phases", i, "name", fmt.Sprintf("%q is already the name of phases[%d]: phase names must be unique", p.Name, j)})
			}
			seen[p.Name] = i
		}
		if i > 0 && p.Start <= s.Phases[i-1].Start {
			ps = append(ps, Problem{"phases", i, "start", fmt.Sprintf("%s does not come after the start of phases[%d] (%s): phase starts must strictly increase", fmtOffset(p.Start), i-1, fmtOffset(s.Phases[i-1].Start))})
		}
		ps = append(ps, negatives("phases", i, "capacity", p.Capacity)...)
	}
	return ps
}

func negatives(attr string, index int, key string, c Capacity) []Problem {
	var ps []Problem
	for _, d := range c.Dimensions() {
		if c[d] < 0 {
			ps = append(ps, Problem{attr, index, key, fmt.Sprintf("%s = %d is negative: capacity is a whole number of units, 0 or more", d, c[d])})
		}
	}
	return ps
}

// Schedule computes the show's normalized timeline. The show must be valid.
//
// General approach: the raw program is piecewise constant between the
// breakpoints b (phase starts and the end). The effective value over the
// window [t, t+lead] can only change when t crosses a breakpoint (a segment
// leaves the window) or t+lead does (a segment enters it), so it is evaluated
// at every b and b-lead, and a step is kept wherever phase or capacity moves.
func (s Show) Schedule() Schedule {
	base := s.Baseline.complete(s.dimensions())
	sch := Schedule{Name: s.Name, OnSale: s.OnSale.UTC(), Approved: s.Approved, Baseline: base}
	if s.OnSale.IsZero() {
		sch.OnSale = time.Time{}
	}
	if !s.Approved {
		return sch
	}
	bps := s.breakpoints()
	cands := make([]time.Time, 0, 2*len(bps))
	for _, b := range bps {
		cands = append(cands, b, b.Add(-s.Lead))
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].Before(cands[j]) })
	phase, capacity := PhaseScheduled, base
	for _, c := range cands {
		p, cp := s.phaseAt(bps, c), s.effectiveAt(bps, base, c)
		if p != phase || !cp.Equal(capacity) {
			sch.Steps = append(sch.Steps, Step{At: c, Phase: p, Capacity: cp})
			phase, capacity = p, cp
		}
	}
	return sch
}

// breakpoints returns the instants of every phase start and of the end.
func (s Show) breakpoints() []time.Time {
	bps := make([]time.Time, 0, len(s.Phases)+1)
	for _, p := range s.Phases {
		bps = append(bps, s.OnSale.Add(p.Start))
	}
	return append(bps, s.OnSale.Add(s.End))
}

// segment returns the index of the raw segment containing t: 0 before the
// first phase, i+1 inside phase i, len(phases)+1 from the end on.
func segment(bps []time.Time, t time.Time) int {
	return sort.Search(len(bps), func(i int) bool { return bps[i].After(t) })
}

func (s Show) phaseAt(bps []time.Time, t time.Time) string {
	switch k := segment(bps, t); {
	case k == 0:
		return PhaseScheduled
	case k > len(s.Phases):
		return PhaseEnded
	default:
		return s.Phases[k-1].Name
	}
}

func (s Show) effectiveAt(bps []time.Time, base Capacity, t time.Time) Capacity {
	out := make(Capacity, len(base))
	for k := segment(bps, t); k <= segment(bps, t.Add(s.Lead)); k++ {
		raw := base
		if k >= 1 && k <= len(s.Phases) {
			raw = s.Phases[k-1].Capacity
		}
		for d, b := range base {
			v, ok := raw[d]
			if !ok {
				v = b
			}
			out[d] = max(out[d], v)
		}
	}
	return out
}

// dimensions lists every dimension the baseline or a phase names.
func (s Show) dimensions() []string {
	all := Capacity{}
	for d := range s.Baseline {
		all[d] = 0
	}
	for _, p := range s.Phases {
		for d := range p.Capacity {
			all[d] = 0
		}
	}
	return all.Dimensions()
}

// Dimensions returns the dimension names in order.
func (c Capacity) Dimensions() []string {
	ds := make([]string, 0, len(c))
	for d := range c {
		ds = append(ds, d)
	}
	sort.Strings(ds)
	return ds
}

// Equal reports whether c and o hold the same values for the same dimensions.
func (c Capacity) Equal(o Capacity) bool {
	if len(c) != len(o) {
		return false
	}
	for d, v := range c {
		if w, ok := o[d]; !ok || w != v {
			return false
		}
	}
	return true
}

// complete returns a copy of c naming every dimension in dims (0 where c
// does not name it).
func (c Capacity) complete(dims []string) Capacity {
	out := make(Capacity, len(dims))
	for _, d := range dims {
		out[d] = c[d]
	}
	return out
}

func fmtOffset(d time.Duration) string {
	if d > 0 {
		return "+" + d.String()
	}
	return d.String()
}

// FormatOffset writes an offset as people write it: "-24h", "-15m",
// "+1h30m", "0s". ParseOffset reads it back.
func FormatOffset(d time.Duration) string {
	s := fmtOffset(d)
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
