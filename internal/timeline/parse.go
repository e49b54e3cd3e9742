package timeline

import (
	"fmt"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // zones resolve the same on machines without a zoneinfo database
)

// localLayouts are the venue-local wall-time forms accepted for on_sale_at.
var localLayouts = []string{"2006-01-02T15:04:05", "2006-01-02T15:04"}

// LoadZone resolves an IANA zone name such as "Australia/Sydney". It refuses
// the empty name and "Local", which would mean different zones on different
// machines.
func LoadZone(name string) (*time.Location, error) {
	if name == "" || name == "Local" {
		return nil, fmt.Errorf("%q is not an IANA time zone: use a name such as \"Australia/Sydney\" or \"UTC\"", name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%q is not a known IANA time zone: use a name such as \"Australia/Sydney\" or \"UTC\"", name)
	}
	return loc, nil
}

// ParseOffset parses a signed offset from the on-sale instant, such as "-60m",
// "0s", "+90m" or "-24h". Offsets are elapsed time and whole seconds.
func ParseOffset(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	if err != nil || strings.TrimSpace(s) != s {
		return 0, fmt.Errorf("%q is not an offset: write a signed duration such as \"-60m\", \"0s\", \"+90m\" or \"-24h\" (units h, m, s)", s)
	}
	if d%time.Second != 0 {
		return 0, fmt.Errorf("%q is not a whole number of seconds: write an offset such as \"-90s\" or \"+2m\"", s)
	}
	return d, nil
}

// ParseLead parses a lead time: a non-negative duration such as "10m".
func ParseLead(s string) (time.Duration, error) {
	d, err := ParseOffset(s)
	if err != nil {
		return 0, err
	}
	if d < 0 {
		return 0, fmt.Errorf("%q is negative: lead is how long capacity takes to become useful, such as \"0s\" or \"10m\"", s)
	}
	return d, nil
}

// ParseInstant parses an RFC 3339 timestamp that carries its offset, such as
// "2026-12-01T08:30:00+11:00" or "2026-11-30T21:30:00Z".
func ParseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 timestamp with an offset, such as \"2026-12-01T08:30:00+11:00\"", s)
	}
	return t.UTC(), nil
}

// ParseOnSale parses an on-sale instant: RFC 3339 with an offset, or wall
// time in loc ("2026-12-01T09:00:00"). A wall time that loc skips or repeats
// is refused with a *GapError or *FoldError naming both readings.
func ParseOnSale(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range localLayouts {
		wall, err := time.Parse(layout, s)
		if err == nil {
			return resolveWall(wall, loc)
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a timestamp: write RFC 3339 with an offset (\"2026-12-01T09:00:00+11:00\") or wall time in time_zone (\"2026-12-01T09:00:00\")", s)
}

// resolveWall finds the instants at which loc's clocks read wall (given as a
// UTC time holding the wall fields). Zones change offset rarely, so the
// offsets in force 36 hours either side cover every reading.
//
// Go's time.Date picks one reading silently in gaps and folds, which is why
// this does not use it.
func resolveWall(wall time.Time, loc *time.Location) (time.Time, error) {
	offsets := map[int]bool{}
	for _, probe := range []time.Duration{-36 * time.Hour, 0, 36 * time.Hour} {
		_, off := wall.Add(probe).In(loc).Zone()
		offsets[off] = true
	}
	var found []time.Time
	var offs []int
	for off := range offsets {
		offs = append(offs, off)
		t := wall.Add(-time.Duration(off) * time.Second)
		if sameWall(t.In(loc), wall) {
			found = append(found, t.UTC())
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Before(found[j]) })
	sort.Sort(sort.Reverse(sort.IntSlice(offs)))
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return time.Time{}, &GapError{Wall: wall, Zone: loc.String(), Choices: withOffsets(wall, offs)}
	default:
		var choices []string
		for _, t := range found {
			choices = append(choices, t.In(loc).Format(time.RFC3339))
		}
		return time.Time{}, &FoldError{Wall: wall, Zone: loc.String(), Choices: choices}
	}
}

func sameWall(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd && a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second()
}

func withOffsets(wall time.Time, offs []int) []string {
	var out []string
	for _, off := range offs {
		t := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), 0, time.FixedZone("", off))
		out = append(out, t.Format(time.RFC3339))
	}
	return out
}
