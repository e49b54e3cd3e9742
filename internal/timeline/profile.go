package timeline

import (
	"sort"
	"time"
)

// Profile is the combined capacity of several shows over [from, until): a
// step function, each point's capacity in force until the next point's
// instant (the last one's until until). Its first point is at from.
func Profile(shows []Schedule, from, until time.Time, o Options) ([]Result, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	if err := CheckNames(shows); err != nil {
		return nil, err
	}
	instants := []time.Time{from}
	for _, s := range shows {
		if !s.Approved {
			continue
		}
		for _, st := range s.Steps {
			if st.At.After(from) && st.At.Before(until) {
				instants = append(instants, st.At)
			}
		}
	}
	sort.Slice(instants, func(i, j int) bool { return instants[i].Before(instants[j]) })
	out := make([]Result, 0, len(instants))
	for i, t := range instants {
		if i > 0 && t.Equal(instants[i-1]) {
			continue
		}
		r, err := Evaluate(shows, t, o)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Hours integrates a profile over [from, until): per dimension, the
// unit-hours it provisions (a unit held for an hour is one unit-hour).
func Hours(profile []Result, until time.Time) map[string]float64 {
	out := map[string]float64{}
	for i, p := range profile {
		end := until
		if i+1 < len(profile) {
			end = profile[i+1].At
		}
		h := end.Sub(p.At).Hours()
		for d, v := range p.Capacity {
			out[d] += float64(v) * h
		}
	}
	return out
}

// Peak is the highest value of each dimension over a profile.
func Peak(profile []Result) Capacity {
	out := Capacity{}
	for _, p := range profile {
		for d, v := range p.Capacity {
			out[d] = max(out[d], v)
		}
	}
	return out
}
