package timeline

import (
	"fmt"
	"time"
)

const wallLayout = "2006-01-02T15:04:05"

// GapError reports a wall time that a zone skips when its clocks go forward.
type GapError struct {
	Wall    time.Time // the wall time, in UTC fields
	Zone    string
	Choices []string // the wall time with each offset in force around it
}

func (e *GapError) Error() string {
	return fmt.Sprintf("%s does not exist in %s (the clocks skip it when they go forward): write it with an offset, either %s or %s",
		e.Wall.Format(wallLayout), e.Zone, e.Choices[0], e.Choices[len(e.Choices)-1])
}

// FoldError reports a wall time that a zone repeats when its clocks go back.
type FoldError struct {
	Wall    time.Time // the wall time, in UTC fields
	Zone    string
	Choices []string // the two instants, earlier first, in RFC 3339
}

func (e *FoldError) Error() string {
	return fmt.Sprintf("%s happens twice in %s (the clocks go back): write it with an offset, either %s (the first) or %s (the second)",
		e.Wall.Format(wallLayout), e.Zone, e.Choices[0], e.Choices[len(e.Choices)-1])
}

// Problem is one thing wrong with a show definition, located by the
// attribute it concerns (Index and Key locate an element of phases).
type Problem struct {
	Attribute string // "name", "phases", "end", "lead", "baseline"
	Index     int    // index in phases, or -1
	Key       string // attribute of the phase ("name", "start", "capacity"), or ""
	Message   string
}

func (p Problem) Error() string {
	loc := p.Attribute
	if p.Index >= 0 {
		loc = fmt.Sprintf("%s[%d]", loc, p.Index)
	}
	if p.Key != "" {
		loc += "." + p.Key
	}
	return loc + ": " + p.Message
}
