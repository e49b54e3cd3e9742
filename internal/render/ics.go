package render

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"
)

// CalendarEvent is one transition in an iCalendar file.
type CalendarEvent struct {
	Stack string
	Mark
}

// WriteICS writes the transitions as an iCalendar (RFC 5545) file for an
// on-call calendar: one event a transition, five minutes long, with an
// alarm fifteen minutes before. UIDs are stable, so re-importing the file
// updates events rather than adding copies.
func WriteICS(w io.Writer, events []CalendarEvent, stamp time.Time) error {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//hotshow//hotshow-orchestrator//EN")
	line("CALSCALE:GREGORIAN")
	line("X-WR-CALNAME:hotshow transitions")
	for _, e := range events {
		sum := sha256.Sum256([]byte(e.Stack + "\x00" + e.Show + "\x00" + e.Phase + "\x00" + e.At.UTC().Format(time.RFC3339)))
		line("BEGIN:VEVENT")
		line("UID:" + hex.EncodeToString(sum[:12]) + "@hotshow")
		line("DTSTAMP:" + icsTime(stamp))
		line("DTSTART:" + icsTime(e.At))
		line("DTEND:" + icsTime(e.At.Add(5*time.Minute)))
		line("SUMMARY:" + icsText(fmt.Sprintf("%s: %s · %s", e.Stack, e.Show, e.Phase)))
		line("DESCRIPTION:" + icsText(fmt.Sprintf("Stack %s goes to %s (show %s, phase %s).", e.Stack, FormatCapacity(e.Capacity), e.Show, e.Phase)))
		line("CATEGORIES:hotshow")
		line("BEGIN:VALARM")
		line("ACTION:DISPLAY")
		line("TRIGGER:-PT15M")
		line("DESCRIPTION:" + icsText(e.Show+" · "+e.Phase+" in 15 minutes"))
		line("END:VALARM")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}

func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsText escapes a TEXT value (RFC 5545 3.3.11).
func icsText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold ends a content line with CRLF, folded at 75 octets without
// splitting a UTF-8 character (RFC 5545 3.1).
func fold(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		size := len(string(r))
		if n+size > 75 {
			b.WriteString("\r\n ")
			n = 1
		}
		b.WriteRune(r)
		n += size
	}
	b.WriteString("\r\n")
	return b.String()
}
