// Package render draws what the orchestrator knows for people: the status
// page (HTML with server-rendered SVG charts, no JavaScript), the terminal
// timeline of `schedule`, and the iCalendar file of `schedule -ics`. It does
// no I/O of its own beyond the writer it is given, and reads no clock: every
// instant comes in.
package render
