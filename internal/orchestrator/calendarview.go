package orchestrator

import (
	"slices"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// The states of a calendar request, as the status page and schedule
// -requests show them.
const (
	RequestAwaiting  = "awaiting approval" // requested, not approved: its show stays at baseline
	RequestPending   = "pending"           // in the calendar, its show not yet in the state (a calendar run to come)
	RequestScheduled = "scheduled"         // approved, its first transition to come
	RequestLive      = "live"              // between its first transition and its end
	RequestEnded     = "ended"
	RequestRejected  = "rejected" // the stack left it out: Reason says why
	RequestCancelled = "cancelled"
)

// CalendarRequest is one calendar request and where it stands, read from
// the calendar stack's state (its hotshow_calendar and its shows).
type CalendarRequest struct {
	Stack     string    `json:"stack"`
	Ticket    string    `json:"ticket"`
	Name      string    `json:"name,omitempty"`
	State     string    `json:"state"`
	Reason    string    `json:"reason,omitempty"` // why it was rejected
	OnSale    time.Time `json:"on_sale_at,omitzero"`
	Profile   string    `json:"profile,omitempty"`
	Requester string    `json:"requester,omitempty"`
	Show      string    `json:"show,omitempty"` // the hotshow_show's name
}

// CalendarRequests lists the requests a stack's hotshow_calendar read, by
// ticket, with their state at now.
func CalendarRequests(stack string, st showstate.State, now time.Time) []CalendarRequest {
	c := st.Calendar
	if c == nil {
		return nil
	}
	var out []CalendarRequest
	for ticket, r := range c.Requests {
		v := CalendarRequest{Stack: stack, Ticket: ticket, Name: r.Name, Profile: r.Profile, Requester: r.Requester, State: RequestPending}
		v.OnSale, _ = time.Parse(time.RFC3339, r.OnSaleUTC)
		if s, ok := showOf(st.Shows, r); ok {
			v.Show, v.State = s.Name, showState(s, r.Approved, now)
		} else if !r.Approved {
			v.State = RequestAwaiting
		}
		out = append(out, v)
	}
	for ticket, why := range c.Invalid {
		out = append(out, CalendarRequest{Stack: stack, Ticket: ticket, State: RequestRejected, Reason: why})
	}
	for _, ticket := range c.Cancelled {
		out = append(out, CalendarRequest{Stack: stack, Ticket: ticket, State: RequestCancelled})
	}
	slices.SortFunc(out, func(a, b CalendarRequest) int { return strings.Compare(a.Ticket, b.Ticket) })
	return out
}

// Requests lists the calendar requests of every stack with a
// hotshow_calendar; states are DiscoverAll's.
func (o *Orchestrator) Requests(states []showstate.State, now time.Time) []CalendarRequest {
	out := []CalendarRequest{}
	for i, s := range o.cfg.Stacks {
		out = append(out, CalendarRequests(s.Name, states[i], now)...)
	}
	return out
}

func showState(s timeline.Schedule, approved bool, now time.Time) string {
	switch {
	case !approved || !s.Approved:
		return RequestAwaiting
	case len(s.Steps) == 0 || now.Before(s.Steps[0].At):
		return RequestScheduled
	case now.Before(s.Steps[len(s.Steps)-1].At):
		return RequestLive
	default:
		return RequestEnded
	}
}

// showOf finds the show a request asked for: named as the request, or with
// its ticket in its name ("Eras Tour (TIX-1)").
func showOf(shows []timeline.Schedule, r showstate.CalendarRequest) (timeline.Schedule, bool) {
	for _, s := range shows {
		if s.Name == r.Name || strings.Contains(s.Name, "("+r.Ticket+")") {
			return s, true
		}
	}
	return timeline.Schedule{}, false
}

// ticketOf is " (TIX-1)" for a show a calendar request asked for whose name
// does not already carry its ticket, so that alerts do; "" otherwise.
func ticketOf(c *showstate.Calendar, show string) string {
	if c == nil {
		return ""
	}
	for _, r := range c.Requests {
		if strings.Contains(show, "("+r.Ticket+")") {
			return ""
		}
		if show == r.Name {
			return " (" + r.Ticket + ")"
		}
	}
	return ""
}
