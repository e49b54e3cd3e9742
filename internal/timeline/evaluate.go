package timeline

import (
	"fmt"
	"sort"
	"time"
)

// The ways several shows feeding one fleet are combined per dimension.
const (
	CombineMax = "max"
	CombineSum = "sum"
)

// At returns the show's phase and effective capacity at t.
func (s Schedule) At(t time.Time) (string, Capacity) {
	if !s.Approved {
		return PhaseUnapproved, s.Baseline
	}
	k := sort.Search(len(s.Steps), func(i int) bool { return s.Steps[i].At.After(t) })
	if k == 0 {
		return PhaseScheduled, s.Baseline
	}
	return s.Steps[k-1].Phase, s.Steps[k-1].Capacity
}

// NextAfter returns the first instant after t at which the show's phase or
// effective capacity changes, and false when nothing changes after t.
func (s Schedule) NextAfter(t time.Time) (time.Time, bool) {
	if !s.Approved {
		return time.Time{}, false
	}
	k := sort.Search(len(s.Steps), func(i int) bool { return s.Steps[i].At.After(t) })
	if k == len(s.Steps) {
		return time.Time{}, false
	}
	return s.Steps[k].At, true
}

// Options says how Evaluate combines shows and clamps the result.
type Options struct {
	Combine string   // CombineMax (the default when empty) or CombineSum
	Floor   Capacity // lower bounds; a dimension no show has is added
	Ceiling Capacity // upper bounds
}

// Result is the combined capacity of several shows at one instant.
type Result struct {
	At       time.Time
	Capacity Capacity
	Phases   map[string]string // show name -> phase
	Capped   []string          // dimensions whose combined value was above the ceiling, in order
	Next     *time.Time        // first change of any show after At, or nil
}

// Evaluate combines the shows' effective capacities at t, clamps them by
// floor and ceiling, and reports each show's phase and the next transition.
func Evaluate(shows []Schedule, t time.Time, o Options) (Result, error) {
	if err := o.check(); err != nil {
		return Result{}, err
	}
	if err := CheckNames(shows); err != nil {
		return Result{}, err
	}
	r := Result{At: t, Capacity: Capacity{}, Phases: make(map[string]string, len(shows))}
	var next time.Time
	for _, s := range shows {
		phase, c := s.At(t)
		r.Phases[s.Name] = phase
		r.combine(c, o.Combine)
		if n, ok := s.NextAfter(t); ok && (next.IsZero() || n.Before(next)) {
			next = n
		}
	}
	if !next.IsZero() {
		r.Next = &next
	}
	r.clamp(o.Floor, o.Ceiling)
	return r, nil
}

// CheckNames refuses two shows with the same name: their phases would be
// reported under one key.
func CheckNames(shows []Schedule) error {
	seen := make(map[string]int, len(shows))
	for i, s := range shows {
		if j, dup := seen[s.Name]; dup {
			return fmt.Errorf("shows[%d] and shows[%d] are both named %q: give each show a unique name", j, i, s.Name)
		}
		seen[s.Name] = i
	}
	return nil
}

func (o Options) check() error {
	if o.Combine != "" && o.Combine != CombineMax && o.Combine != CombineSum {
		return fmt.Errorf("combine %q is not supported: use %q or %q", o.Combine, CombineMax, CombineSum)
	}
	return CheckBounds(o.Floor, o.Ceiling)
}

// CheckBounds refuses a floor above the ceiling for the same dimension.
func CheckBounds(floor, ceiling Capacity) error {
	for _, d := range floor.Dimensions() {
		if c, ok := ceiling[d]; ok && floor[d] > c {
			return fmt.Errorf("floor %s = %d is above ceiling %s = %d: the floor must not exceed the ceiling", d, floor[d], d, c)
		}
	}
	return nil
}

func (r *Result) combine(c Capacity, how string) {
	for d, v := range c {
		if how == CombineSum {
			r.Capacity[d] += v
		} else {
			r.Capacity[d] = max(r.Capacity[d], v)
		}
	}
}

func (r *Result) clamp(floor, ceiling Capacity) {
	for d, f := range floor {
		r.Capacity[d] = max(r.Capacity[d], f)
	}
	r.Capped = []string{}
	for _, d := range r.Capacity.Dimensions() {
		if c, ok := ceiling[d]; ok && r.Capacity[d] > c {
			r.Capacity[d] = c
			r.Capped = append(r.Capped, d)
		}
	}
}
