package orchestrator

import (
	"context"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// TestCalendar_runsWithoutShowChangesAreRefused: without show_changes =
// "calendar", a calendar run that would create a show is refused, nothing
// applied, and a run at a transition instant never may.
func TestCalendar_runsWithoutShowChangesAreRefused(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(6 * time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), other: &tfjson.ResourceChange{
			Address: `hotshow_show.req["TIX-7"]`, Type: "hotshow_show", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}, After: map[string]any{"name": "x"}}}}
		cfg := calendarConfig(t, time.Hour)
		cfg.Policy.ShowChanges = ""
		o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
		runFor(t, o, time.Minute)
		runs := calendarRuns(t, o)
		require.Len(t, runs, 1)
		assert.Equal(t, store.OutcomeRefused, runs[0].Outcome)
		assert.Contains(t, runs[0].Error, `hotshow_show.req["TIX-7"]: would be created`)
		_, applies := r.snapshot()
		assert.Empty(t, applies)
	})
}

// calendarConfig is testConfig with a file calendar read by stack "s", and
// calendar runs allowed to change shows.
func calendarConfig(t *testing.T, poll time.Duration) *config.Config {
	c := testConfig(t, "s")
	c.Calendar = &config.Calendar{Kind: "file", Path: filepath.Join(t.TempDir(), "calendar.json"), Stack: "s", PollInterval: poll}
	c.Policy.ShowChanges = policy.ShowChangesCalendar
	return c
}

func calendarRuns(t *testing.T, o *Orchestrator) []store.Run {
	return runsOfKind(t, o, store.KindCalendar)
}

// TestCalendar_runAtStartOnRequestAndOnPoll: a calendar run at start (what
// changed while the daemon was down), one at once when the intake asks,
// and one within poll_interval of a row written by something else. Its plan
// may create a show; the ledger names the ticket.
func TestCalendar_runAtStartOnRequestAndOnPoll(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(6 * time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), other: &tfjson.ResourceChange{
			Address: `hotshow_show.req["TIX-7"]`, Type: "hotshow_show", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}, After: map[string]any{"name": "x"}}}}
		o := newTestOrchestrator(t, calendarConfig(t, time.Minute), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(10 * time.Second)
		o.RequestCalendarRun() // as the intake does after a write
		time.Sleep(10 * time.Second)
		require.NoError(t, o.Calendar().Put(context.Background(), calendar.Request{Ticket: "TIX-7", Name: "x", OnSale: "2027-01-01T09:00", TimeZone: "UTC", Profile: "p", Demand: 1}))
		time.Sleep(2 * time.Minute)
		stop()

		runs := calendarRuns(t, o)
		require.Len(t, runs, 3)
		start := runs[0].Started
		assert.Equal(t, []time.Duration{0, 10 * time.Second, time.Minute}, []time.Duration{0, runs[1].Started.Sub(start), runs[2].Started.Sub(start)},
			"at start; at once when asked; at the first poll after the row was written")
		for _, run := range runs {
			assert.Equal(t, store.OutcomeApplied, run.Outcome, run.Error)
			assert.Equal(t, []string{"TIX-7"}, run.Tickets)
			assert.Equal(t, run.Started, run.Instant)
		}
	})
}

// TestCalendar_transitionCarriesACalendarChange: a transition's plan of the
// calendar stack that also changes a show (the calendar changed since the
// last calendar run) is applied as a calendar run would be, not refused.
func TestCalendar_transitionCarriesACalendarChange(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
		o := newTestOrchestrator(t, calendarConfig(t, time.Hour), map[string]*fakeRunner{"s": r})
		stop := runInBackground(t, o)
		time.Sleep(time.Minute) // the calendar run at start: nothing but capacity
		r.mu.Lock()
		r.other = &tfjson.ResourceChange{Address: `hotshow_show.req["TIX-9"]`, Type: "hotshow_show", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete}, Before: map[string]any{"name": "x"}}}
		r.mu.Unlock()
		time.Sleep(time.Hour)
		stop()
		runs, err := o.Store().Runs(context.Background(), "s", 0)
		require.NoError(t, err)
		var warm store.Run
		for _, run := range runs {
			if run.Kind == "" && run.Instant.Equal(onSale.Add(-10*time.Minute)) {
				warm = run
			}
		}
		assert.Equal(t, store.OutcomeApplied, warm.Outcome, warm.Error)
		assert.Equal(t, []string{"TIX-9"}, warm.Tickets)
	})
}
