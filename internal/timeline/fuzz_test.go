package timeline

import (
	"testing"
	"time"
)

func FuzzParseOnSale(f *testing.F) {
	for _, s := range []string{"2026-12-01T09:00:00", "2027-10-03T02:30:00", "2027-04-04T02:30:00", "2026-12-01T09:00:00+11:00", "2026-12-01T09:00", "x", ""} {
		f.Add(s, "Australia/Sydney")
		f.Add(s, "America/New_York")
	}
	f.Fuzz(func(t *testing.T, s, zone string) {
		loc, err := LoadZone(zone)
		if err != nil {
			return
		}
		got, err := ParseOnSale(s, loc)
		if err != nil {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseOnSale(%q) = %v, not in UTC", s, got)
		}
		// A wall time must read back as itself in the zone.
		for _, layout := range localLayouts {
			if wall, err := time.Parse(layout, s); err == nil && !sameWall(got.In(loc), wall) {
				t.Fatalf("ParseOnSale(%q, %s) = %v, which %s clocks show as %v", s, zone, got, zone, got.In(loc))
			}
		}
	})
}

func FuzzParseOffset(f *testing.F) {
	for _, s := range []string{"-60m", "0s", "+90m", "-24h", "1h30m", "1.5s", "90", "+-1m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseOffset(s)
		if err != nil {
			return
		}
		again, err := ParseOffset(fmtOffset(d))
		if err != nil || again != d {
			t.Fatalf("ParseOffset(%q) = %v, but its formatting %q reads back as %v, %v", s, d, fmtOffset(d), again, err)
		}
	})
}

// FuzzScheduleInvariant checks Schedule against the definition: at every
// step instant and just before it, the schedule gives the program's phase and
// the maximum of the raw program over [t, t+lead].
func FuzzScheduleInvariant(f *testing.F) {
	f.Add(uint16(10), []byte{0, 40, 55, 120, 95, 30}, uint16(180), uint8(2))
	f.Add(uint16(30), []byte{0, 50, 30, 10, 50, 100}, uint16(60), uint8(0))
	f.Add(uint16(0), []byte{1, 0, 2, 5}, uint16(3), uint8(7))
	f.Fuzz(func(t *testing.T, leadMin uint16, program []byte, endMin uint16, base uint8) {
		s := fuzzShow(leadMin, program, endMin, base)
		if len(s.Validate()) > 0 {
			return
		}
		sch := s.Schedule()
		for _, st := range sch.Steps {
			for _, at := range []time.Time{st.At, st.At.Add(-time.Second)} {
				phase, c := sch.At(at)
				wantPhase, wantCap := reference(s, at)
				if phase != wantPhase || !c.Equal(wantCap) {
					t.Fatalf("at %v: schedule says %s %v, definition says %s %v", at, phase, c, wantPhase, wantCap)
				}
			}
		}
	})
}

// fuzzShow builds a show from pairs of (gap in minutes, capacity).
func fuzzShow(leadMin uint16, program []byte, endMin uint16, base uint8) Show {
	s := Show{Name: "f", OnSale: time.Date(2027, 4, 4, 2, 0, 0, 0, time.UTC), Lead: time.Duration(leadMin%600) * time.Minute,
		Approved: true, Baseline: Capacity{"web": int64(base)}}
	start := -2 * time.Hour
	for i := 0; i+1 < len(program) && len(s.Phases) < 12; i += 2 {
		start += time.Duration(program[i]) * time.Minute
		s.Phases = append(s.Phases, Phase{Name: string(rune('a' + len(s.Phases))), Start: start, Capacity: Capacity{"web": int64(program[i+1])}})
	}
	s.End = start + time.Duration(endMin)*time.Minute
	return s
}

// reference evaluates the definition directly: the raw program at t and at
// every breakpoint in (t, t+lead].
func reference(s Show, t time.Time) (string, Capacity) {
	phase, c := rawAt(s, t)
	for _, b := range s.breakpoints() {
		if b.After(t) && !b.After(t.Add(s.Lead)) {
			_, rc := rawAt(s, b)
			if rc["web"] > c["web"] {
				c = rc
			}
		}
	}
	return phase, c
}

func rawAt(s Show, t time.Time) (string, Capacity) {
	if t.Before(s.OnSale.Add(s.Phases[0].Start)) {
		return PhaseScheduled, s.Baseline
	}
	if !t.Before(s.OnSale.Add(s.End)) {
		return PhaseEnded, s.Baseline
	}
	for i := len(s.Phases) - 1; i >= 0; i-- {
		if !t.Before(s.OnSale.Add(s.Phases[i].Start)) {
			return s.Phases[i].Name, s.Phases[i].Capacity
		}
	}
	panic("unreachable")
}
