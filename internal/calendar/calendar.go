// Package calendar is the list of shows the business has asked for: one
// request per Jira ticket, written by the orchestrator's intake and read by
// the hotshow_calendar data source, which turns each valid request into a
// hotshow_show. A calendar is a JSON file, an HTTPS feed or a DynamoDB
// table; all three are a Source.
package calendar

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// Request is one show asked for in the calendar, keyed by its ticket (the Jira issue key).
type Request struct {
	Ticket    string `json:"ticket"`          // stable id, e.g. "TIX-123": 1–64 chars of [A-Za-z0-9_.-]
	Name      string `json:"name"`            // show name, non-empty, ≤ 200 chars
	OnSale    string `json:"on_sale"`         // wall clock "2026-12-01T09:00:00" (seconds optional: "2026-12-01T09:00") in TimeZone
	TimeZone  string `json:"time_zone"`       // IANA zone, e.g. "Australia/Sydney"
	Profile   string `json:"profile"`         // name of a show profile the stack describes in HCL, e.g. "stadium"
	Demand    int64  `json:"expected_demand"` // fans expected to arrive in the on-sale's first minute; ≥ 1
	Approved  bool   `json:"approved"`
	Cancelled bool   `json:"cancelled"`
	Requester string `json:"requester,omitempty"`
	Updated   string `json:"updated_at,omitempty"` // RFC 3339 UTC of the last write (set by Put's caller)
	// Invalid, when set, is why a stored row could not be read as a request
	// at all (a row written by hand with a wrong type); List returns such rows
	// with Ticket set and this filled, never an error for them.
	Invalid string `json:"-"`
}

// Rules are what a request is checked against.
type Rules struct {
	Profiles []string      // the known profile names; a request naming another is refused
	Now      time.Time     // when not zero: an on-sale at or before Now is refused...
	Horizon  time.Duration // ...and, when Horizon > 0, one later than Now+Horizon
}

// Source is a calendar: read by the data source and the orchestrator, written by the intake.
type Source interface {
	// List returns every row, sorted by ticket; rows that cannot be read as a
	// request come back with Invalid set.
	List(ctx context.Context) ([]Request, error)
	// Get returns the request with the ticket; false when there is none.
	Get(ctx context.Context, ticket string) (Request, bool, error)
	// Put writes r (by r.Ticket), creating or replacing it.
	Put(ctx context.Context, r Request) error
	// Describe names the source for messages: "file calendar.json", "dynamodb table hotshow-calendar", "url https://…".
	Describe() string
}

// Limits of a request's fields.
const (
	maxTicket  = 64
	maxName    = 200
	maxMessage = 300 // a Check message fits a Jira comment
	wallLayout = "2006-01-02T15:04:05"
)

// Sorted sorts rs by ticket, keeping the order of rows with the same ticket.
func Sorted(rs []Request) {
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Ticket < rs[j].Ticket })
}

// Check returns the first problem of r as an error whose message names the
// field (its JSON name) and says what to do, short enough for a Jira
// comment. Fields are checked in a fixed order: ticket, name, time_zone,
// on_sale, profile, expected_demand. A row that could not be read at all
// (Invalid set) fails with that reason.
func (r Request) Check(rules Rules) error {
	if r.Invalid != "" {
		return problem(r.Invalid)
	}
	if err := checkTicket(r.Ticket); err != nil {
		return err
	}
	if err := checkName(r.Name); err != nil {
		return err
	}
	at, err := r.OnSaleAt()
	if err != nil {
		return err
	}
	if !rules.Now.IsZero() {
		if !at.After(rules.Now) {
			return problem(fmt.Sprintf("on_sale: %s %s is in the past", wallOf(r.OnSale), r.TimeZone))
		}
		if rules.Horizon > 0 && at.After(rules.Now.Add(rules.Horizon)) {
			return problem(fmt.Sprintf("on_sale: %s %s is more than %s ahead (the horizon)", wallOf(r.OnSale), r.TimeZone, formatDuration(rules.Horizon)))
		}
	}
	if err := checkProfile(r.Profile, rules.Profiles); err != nil {
		return err
	}
	if r.Demand < 1 {
		return problem(fmt.Sprintf("expected_demand: %d must be 1 or more", r.Demand))
	}
	return nil
}

// OnSaleAt is the on-sale instant (after Check succeeded), in UTC. Its
// errors are Check's for time_zone and on_sale.
func (r Request) OnSaleAt() (time.Time, error) {
	switch {
	case r.TimeZone == "":
		return time.Time{}, problem(`time_zone: empty: give the venue's IANA time zone, such as "Australia/Sydney"`)
	case r.OnSale == "":
		if _, err := timeline.LoadZone(r.TimeZone); err != nil {
			return time.Time{}, zoneProblem(r.TimeZone)
		}
		return time.Time{}, problem(`on_sale: empty: give the on-sale's wall time in time_zone, such as "2026-12-01T09:00:00"`)
	}
	loc, err := timeline.LoadZone(r.TimeZone)
	if err != nil {
		return time.Time{}, zoneProblem(r.TimeZone)
	}
	at, err := timeline.ParseOnSale(r.OnSale, loc)
	var gap *timeline.GapError
	var fold *timeline.FoldError
	switch {
	case errors.As(err, &gap):
		// Each reading of the skipped time, written as the zone's clocks
		// really showed it: the two instants a requester may have meant.
		var readings []time.Time
		for _, c := range gap.Choices {
			if t, err := time.Parse(time.RFC3339, c); err == nil {
				readings = append(readings, t.In(loc))
			}
		}
		slices.SortFunc(readings, func(a, b time.Time) int { return a.Compare(b) })
		return time.Time{}, problem(fmt.Sprintf("on_sale: %s does not exist in %s (clocks go forward): use %s or %s",
			gap.Wall.Format(wallLayout), gap.Zone, readings[0].Format(time.RFC3339), readings[len(readings)-1].Format(time.RFC3339)))
	case errors.As(err, &fold):
		return time.Time{}, problem(fmt.Sprintf("on_sale: %s happens twice in %s (clocks go back): use %s (the first) or %s (the second)",
			fold.Wall.Format(wallLayout), fold.Zone, fold.Choices[0], fold.Choices[len(fold.Choices)-1]))
	case err != nil:
		return time.Time{}, problem(fmt.Sprintf(`on_sale: %s is not a wall time such as "2026-12-01T09:00:00" (read in time_zone)`, quote(r.OnSale, 40)))
	}
	if at.Nanosecond() != 0 {
		return time.Time{}, problem(fmt.Sprintf(`on_sale: %s has a fraction of a second: write whole seconds, such as "2026-12-01T09:00:00"`, quote(r.OnSale, 40)))
	}
	// An offset is there to pick one reading of a time the clocks repeat;
	// one the zone is not at then is a mistake, not a choice.
	if given, err := time.Parse(time.RFC3339, r.OnSale); err == nil {
		_, got := given.Zone()
		_, want := at.In(loc).Zone()
		if got != want {
			return time.Time{}, problem(fmt.Sprintf("on_sale: %s has offset %s but %s is at %s then: write the wall time alone, such as %s",
				r.OnSale, given.Format("-07:00"), r.TimeZone, at.In(loc).Format("-07:00"), given.Format(wallLayout)))
		}
	}
	return at, nil
}

// problem is a Check error: a message naming the field, clipped to fit a
// Jira comment.
func problem(msg string) error { return errors.New(clip(msg, maxMessage)) }

func zoneProblem(zone string) error {
	return problem(fmt.Sprintf(`time_zone: %s is not an IANA time zone such as "Australia/Sydney"`, quote(zone, 64)))
}

func checkTicket(t string) error {
	if t == "" {
		return problem(`ticket: "" is empty: give the request's Jira issue key, such as "TIX-123"`)
	}
	for _, c := range t {
		if !ticketRune(c) {
			return problem(fmt.Sprintf(`ticket: %s has %q in it: use only A-Z, a-z, 0-9, "_", "." and "-", such as "TIX-123"`, quote(t, 70), string(c)))
		}
	}
	if len(t) > maxTicket {
		return problem(fmt.Sprintf("ticket: %s is %d characters long: use at most %d", quote(t, 40), len(t), maxTicket))
	}
	return nil
}

func ticketRune(c rune) bool {
	return c < utf8.RuneSelf && (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-')
}

func checkName(n string) error {
	switch {
	case strings.TrimSpace(n) == "":
		return problem(`name: empty: give the show's name, such as "Eras Tour Sydney N1"`)
	case !utf8.ValidString(n):
		return problem("name: not valid UTF-8 text: write the name as plain text")
	case utf8.RuneCountInString(n) > maxName:
		return problem(fmt.Sprintf("name: %d characters long: use at most %d", utf8.RuneCountInString(n), maxName))
	}
	for _, c := range n {
		if unicode.IsControl(c) {
			return problem(fmt.Sprintf("name: has a control character (%U) in it: write the name on one line", c))
		}
	}
	return nil
}

func checkProfile(p string, known []string) error {
	names := slices.Clone(known)
	slices.Sort(names)
	names = slices.Compact(names)
	if p != "" && slices.Contains(names, p) {
		return nil
	}
	if len(names) == 0 {
		return problem(fmt.Sprintf("profile: %s is not a profile of this stack, which describes none", quote(p, 64)))
	}
	list := strings.Join(names, ", ")
	if p == "" {
		return problem("profile: empty: use one of " + list)
	}
	return problem(fmt.Sprintf("profile: %s is not a profile of this stack: use one of %s", quote(p, 64), list))
}

// wallOf writes an on-sale with its seconds, as the zone's clocks show it.
func wallOf(onSale string) string {
	if t, err := time.Parse("2006-01-02T15:04", onSale); err == nil {
		return t.Format(wallLayout)
	}
	return onSale
}

// formatDuration writes d as "8760h" or "1h30m" rather than "8760h0m0s".
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// quote quotes s, clipped to n characters, for a message.
func quote(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%q…", string([]rune(s)[:n]))
}

// clip cuts s to n characters, ending it with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
