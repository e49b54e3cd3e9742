package orchestrator

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

func TestCalendarRequests(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	eras := show(t, "Eras (TIX-1)", onSale) // warm -10m … ended +1h
	arena := timeline.Schedule{Name: "Arena (TIX-2)", Approved: false}
	st := showstate.State{Shows: []timeline.Schedule{eras, arena}, Calendar: &showstate.Calendar{
		Profiles: []string{"stadium"},
		Requests: map[string]showstate.CalendarRequest{
			"TIX-1": {Ticket: "TIX-1", Name: "Eras", OnSaleUTC: "2026-12-01T09:00:00Z", Profile: "stadium", Approved: true, Requester: "p@example.com"},
			"TIX-2": {Ticket: "TIX-2", Name: "Arena", OnSaleUTC: "2026-12-02T09:00:00Z", Profile: "stadium"},
			"TIX-4": {Ticket: "TIX-4", Name: "Late", OnSaleUTC: "2026-12-03T09:00:00Z", Profile: "stadium", Approved: true},
		},
		Invalid:   map[string]string{"TIX-3": `time_zone: "Mars/Olympus" is not an IANA time zone such as "Australia/Sydney"`},
		Cancelled: []string{"TIX-5"},
	}}
	states := func(now time.Time) map[string]string {
		out := map[string]string{}
		for _, r := range CalendarRequests("cal", st, now) {
			out[r.Ticket] = r.State
		}
		return out
	}
	assert.Equal(t, map[string]string{"TIX-1": "scheduled", "TIX-2": "awaiting approval", "TIX-3": "rejected", "TIX-4": "pending", "TIX-5": "cancelled"}, states(onSale.Add(-time.Hour)))
	assert.Equal(t, "live", states(onSale)["TIX-1"])
	assert.Equal(t, "ended", states(onSale.Add(2 * time.Hour))["TIX-1"])

	rs := CalendarRequests("cal", st, onSale)
	assert.Equal(t, CalendarRequest{Stack: "cal", Ticket: "TIX-1", Name: "Eras", State: "live", OnSale: onSale, Profile: "stadium", Requester: "p@example.com", Show: "Eras (TIX-1)"}, rs[0])
	assert.Equal(t, `time_zone: "Mars/Olympus" is not an IANA time zone such as "Australia/Sydney"`, rs[2].Reason)
	assert.Equal(t, []string{"TIX-1", "TIX-2", "TIX-3", "TIX-4", "TIX-5"}, []string{rs[0].Ticket, rs[1].Ticket, rs[2].Ticket, rs[3].Ticket, rs[4].Ticket}, "by ticket")

	assert.Empty(t, ticketOf(st.Calendar, "Eras (TIX-1)"), "the name carries its ticket already")
	st.Calendar.Requests["TIX-6"] = showstate.CalendarRequest{Ticket: "TIX-6", Name: "Plain"}
	assert.Equal(t, " (TIX-6)", ticketOf(st.Calendar, "Plain"))
	assert.Empty(t, ticketOf(nil, "Plain"))
}
