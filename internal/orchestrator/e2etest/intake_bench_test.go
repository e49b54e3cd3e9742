package e2etest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// BenchmarkIntake measures a show requested through the intake, on the
// calendar example with dynalite as the calendar, with 1 and 100 requests
// in the calendar:
//
//   - post-to-state: the request POSTed → the calendar run that put its
//     show in the state finished;
//   - approve-to-capacity: the approval POSTed, for a show whose first
//     transition is already due → the calendar run that applied its
//     capacity finished.
//
// Baseline, in the same run: what CI would do with the same row written
// into the table by hand, one `terraform apply` of the stack (the
// Terraform work alone, without a pull request, a review or a pipeline's
// queue).
func BenchmarkIntake(b *testing.B) {
	for _, n := range []int{1, 100} {
		b.Run(fmt.Sprintf("calendar-%d", n), func(b *testing.B) { intakeBench(b, n) })
	}
}

func intakeBench(b *testing.B, n int) {
	s, cal, _ := calendarStack(b, "")
	ctx := context.Background()
	sydney := sydneyZone(b)
	far := time.Date(2027, 6, 1, 9, 0, 0, 0, sydney)
	for i := 1; i < n; i++ { // the other requests: approved, months away
		require.NoError(b, cal.Put(ctx, calendar.Request{Ticket: fmt.Sprintf("FAR-%d", i), Name: fmt.Sprintf("Far Show %d", i),
			OnSale: far.Add(time.Duration(i) * time.Hour).Format("2006-01-02T15:04:05"), TimeZone: "Australia/Sydney", Profile: "arena", Demand: 10000, Approved: true}))
	}
	s.ciApply()

	// Baseline: a row written by hand, applied as CI would.
	var baseline []time.Duration
	for i := range b.N {
		onSale := time.Now().Add(25 * time.Second).In(sydney)
		require.NoError(b, cal.Put(ctx, calendar.Request{Ticket: fmt.Sprintf("CI-%d", i), Name: "CI Show", OnSale: onSale.Format("2006-01-02T15:04:05"),
			TimeZone: "Australia/Sydney", Profile: "arena", Demand: 300000, Approved: true}))
		start := time.Now()
		s.ciApply()
		baseline = append(baseline, time.Since(start))
		require.NoError(b, cal.Put(ctx, calendar.Request{Ticket: fmt.Sprintf("CI-%d", i), Name: "CI Show", OnSale: onSale.Format("2006-01-02T15:04:05"),
			TimeZone: "Australia/Sydney", Profile: "arena", Demand: 300000, Approved: true, Cancelled: true}))
		s.ciApply()
	}

	d := s.startDaemon()
	url := intake(b, d)
	waitFor(b, 60*time.Second, "the calendar stack read", func() bool {
		code, _ := jira(b, url, `{"action": "approve", "ticket": "NONE"}`)
		return code == http.StatusNotFound
	})
	var toState, toCapacity []time.Duration
	b.ResetTimer()
	for i := range b.N {
		ticket := fmt.Sprintf("TIX-%d", i)
		// Its warm-up (-30s, lead 5s) is already due.
		onSale := time.Now().Add(25 * time.Second)
		posted := time.Now()
		code, ans := jira(b, url, requestBody(ticket, "Bench Night", onSale, "300000"))
		require.Equal(b, http.StatusCreated, code, ans.Message)
		r := calendarRunWith(b, s, ticket, posted)
		toState = append(toState, r.Finished.Sub(posted))
		approved := time.Now()
		code, ans = jira(b, url, `{"action": "approve", "ticket": "`+ticket+`"}`)
		require.Equal(b, http.StatusOK, code, ans.Message)
		r = calendarRunWith(b, s, ticket, approved)
		// The capacity of its warm-up (or peak) is applied: not the floor.
		// (The plan cannot show the value: hotshow_capacity is read at apply,
		// after the show it depends on changes.)
		require.Contains(b, r.Changed, "terraform_data.web")
		require.NotEqual(b, `{"api":2,"web":4}`, compact(b, s.output("capacity")), "capacity applied")
		toCapacity = append(toCapacity, r.Finished.Sub(approved))
		cancelled := time.Now()
		code, ans = jira(b, url, `{"action": "cancel", "ticket": "`+ticket+`"}`)
		require.Equal(b, http.StatusOK, code, ans.Message)
		calendarRunWith(b, s, ticket, cancelled)
	}
	b.StopTimer()
	// The poll (every 2 s) sees the last cancellation too and plans once
	// more: let that run end before stopping, so that no plan is cut short.
	time.Sleep(5 * time.Second)
	waitFor(b, 60*time.Second, "no run in progress", func() bool {
		return !slices.ContainsFunc(s.historyAll(), func(r store.Run) bool { return r.Outcome == store.OutcomeRunning })
	})
	require.NoError(b, d.stop(b))
	for _, r := range s.historyAll() {
		require.NotEqual(b, store.OutcomeFailed, r.Outcome, r.Error)
	}
	ms := func(ds []time.Duration, p int) float64 { return float64(percentile(ds, p)) / float64(time.Millisecond) }
	b.ReportMetric(ms(toState, 50), "post-to-state-p50-ms")
	b.ReportMetric(ms(toCapacity, 50), "approve-to-capacity-p50-ms")
	b.ReportMetric(ms(baseline, 50), "ci-apply-p50-ms")
	b.ReportMetric(ms(toState, 99), "post-to-state-p99-ms")
	b.ReportMetric(ms(toCapacity, 99), "approve-to-capacity-p99-ms")
	b.ReportMetric(ms(baseline, 99), "ci-apply-p99-ms")
}
