package render

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// levels are the eighths of a character cell, lowest first.
var levels = []rune(" ▁▂▃▄▅▆▇█")

// WriteTimeline draws each stack's capacity over [from, until) in the
// terminal: one row of bars a dimension, width columns wide, each column
// the highest capacity scheduled in its slice of time, scaled to the
// dimension's peak, with a line marking where transitions fall.
func WriteTimeline(w io.Writer, stacks []Stack, from, until time.Time, width int, loc *time.Location) error {
	if width < 10 {
		width = 10
	}
	slice := until.Sub(from) / time.Duration(width)
	col := func(t time.Time) int { return int(t.Sub(from) / slice) }
	var b strings.Builder
	for _, s := range stacks {
		dims := dimensions(s.Profile)
		label := 0
		for _, d := range dims {
			label = max(label, len(d))
		}
		fmt.Fprintf(&b, "%s  %s → %s\n", s.Name, from.In(loc).Format("Jan 2 15:04"), until.In(loc).Format("Jan 2 15:04 MST"))
		if s.Error != "" {
			fmt.Fprintf(&b, "  discovery failed: %s\n", s.Error)
		}
		for _, d := range dims {
			cols := make([]int64, width)
			var peak int64
			for i, r := range s.Profile {
				end := until
				if i+1 < len(s.Profile) {
					end = s.Profile[i+1].At
				}
				first, last := col(r.At), min(col(end.Add(-1)), width-1)
				for c := max(first, 0); c <= last; c++ {
					cols[c] = max(cols[c], r.Capacity[d])
				}
				peak = max(peak, r.Capacity[d])
			}
			row := make([]rune, width)
			for c, v := range cols {
				row[c] = levels[0]
				if peak > 0 {
					row[c] = levels[(v*int64(len(levels)-1)+peak-1)/peak]
				}
			}
			fmt.Fprintf(&b, "  %-*s │%s│ peak %d\n", label, d, string(row), peak)
		}
		marks := []rune(strings.Repeat(" ", width))
		for _, m := range s.Marks {
			if c := col(m.At); !m.At.Before(from) && m.At.Before(until) && c < width {
				marks[c] = '^'
			}
		}
		fmt.Fprintf(&b, "  %-*s  %s  ^ = transition\n", label, "", string(marks))
	}
	_, err := io.WriteString(w, b.String())
	return err
}
