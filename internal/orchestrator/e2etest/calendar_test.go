package e2etest

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
	"github.com/hotshow/terraform-provider-hotshow/internal/dynalitetest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

const (
	calendarExample = "../../../examples/stacks/calendar"
	intakeSecret    = "e2e-intake-secret"
)

// calendarStack copies examples/stacks/calendar, its profiles' offsets
// shrunk so that a minute lasts minuteIs, reading a calendar table on
// dynalite, with the example's policy and an intake on 127.0.0.1.
func calendarStack(t testing.TB, extraHCL string) (*stack, *calendar.Dynamo, *dynalitetest.Server) {
	t.Helper()
	db := dynalitetest.Start(t)
	ctx := context.Background()
	const table = "hotshow-calendar"
	// The test's own client has its own credentials: the test's environment
	// is shared with the tests running beside it.
	client := dynamodb.New(dynamodb.Options{Region: "ap-southeast-2", BaseEndpoint: aws.String(db.Endpoint),
		Credentials: credentials.NewStaticCredentialsProvider("hotshow-test", "hotshow-test", "")})
	cal := calendar.NewDynamo(client, table)
	require.NoError(t, cal.Create(ctx))
	mainTF, err := os.ReadFile(filepath.Join(calendarExample, "main.tf"))
	require.NoError(t, err)
	files := map[string]string{
		"main.tf":          retimed(t, string(mainTF), time.Time{}),
		"terraform.tfvars": "calendar_endpoint = \"" + db.Endpoint + "\"\ncalendar_table = \"" + table + "\"\n",
	}
	hcl, err := os.ReadFile(filepath.Join(calendarExample, "hotshow.hcl"))
	require.NoError(t, err)
	policy := regexp.MustCompile(`(?ms)^policy \{.*?^\}`).FindString(string(hcl))
	require.Contains(t, policy, `show_changes = "calendar"`)
	s := newStackFiles(t, files, policy+`
calendar "dynamodb" {
  table         = "`+table+`"
  region        = "ap-southeast-2"
  endpoint      = "`+db.Endpoint+`"
  stack         = "s"
  poll_interval = "2s"
}
intake {
  listen     = "127.0.0.1:0"
  secret_env = "HOTSHOW_E2E_INTAKE_SECRET"
}
`+extraHCL, append([]string{"HOTSHOW_E2E_INTAKE_SECRET=" + intakeSecret}, dynalitetest.Credentials...))
	return s, cal, db
}

var intakeURL = regexp.MustCompile(`msg="intake listening" url=(http://127\.0\.0\.1:\d+/requests)`)

// intake waits for the daemon's intake and returns its address.
func intake(t testing.TB, d *daemon) string {
	t.Helper()
	var url string
	waitFor(t, 30*time.Second, "the intake", func() bool {
		m := intakeURL.FindStringSubmatch(d.log.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	})
	return url
}

// jira posts body to the intake as the guide's Jira Automation rules do.
func jira(t testing.TB, url, body string) (int, orchestrator.IntakeAnswer) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(orchestrator.IntakeHeader, intakeSecret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var ans orchestrator.IntakeAnswer
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&ans))
	return resp.StatusCode, ans
}

// requestBody is the guide's "request created" body with its smart values
// rendered: an arena show in Sydney.
func requestBody(ticket, name string, onSale time.Time, demand string) string {
	sydney, _ := time.LoadLocation("Australia/Sydney")
	return `{
  "action": "request",
  "ticket": "` + ticket + `",
  "name": "` + name + `",
  "on_sale": "` + onSale.In(sydney).Format("2006-01-02T15:04:05") + `",
  "time_zone": "Australia/Sydney",
  "profile": "arena",
  "expected_demand": "` + demand + `",
  "requester": "promoter@example.com"
}`
}

// calendarRunWith waits for an applied calendar run that changed ticket's
// show and finished after after (it may have begun before: a run under way
// when the calendar was written can read the write).
func calendarRunWith(t testing.TB, s *stack, ticket string, after time.Time) store.Run {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		runs := s.historyAll()
		for _, r := range runs {
			if r.Kind == store.KindCalendar && r.Outcome == store.OutcomeApplied && r.Finished.After(after) && slices.Contains(r.Tickets, ticket) {
				return r
			}
		}
		if time.Now().After(deadline) {
			for _, r := range runs {
				t.Logf("ledger: %q %s started %s instant %s tickets %v changed %v", r.Kind, r.Outcome, r.Started.Format(time.RFC3339Nano), r.Instant.Format(time.RFC3339), r.Tickets, r.Changed)
			}
			t.Fatalf("gave up after 1m0s waiting for a calendar run changing %s after %s", ticket, after.Format(time.RFC3339Nano))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// showKeys lists the hotshow_show instances in the stack's state, by key.
func (s *stack) showKeys() []string {
	s.t.Helper()
	st, err := s.tf.Show(context.Background())
	require.NoError(s.t, err)
	var keys []string
	if st.Values == nil {
		return nil
	}
	for _, r := range st.Values.RootModule.Resources {
		if key, ok := r.Index.(string); ok && r.Type == "hotshow_show" {
			keys = append(keys, key)
		}
	}
	return keys
}

// TestE2E_calendarFromJira drives the calendar stack from requests posted
// exactly as the guide's Jira Automation rules post them: a request lands
// as an unapproved show at baseline; one in a DST gap is refused with both
// readings and never reaches the calendar or Terraform; approval procures
// it at its instants; a row written straight into the table (not through
// the intake) is picked up by the poll; cancelling the first show mid-peak
// returns capacity to what the other show calls for.
func TestE2E_calendarFromJira(t *testing.T) {
	t.Parallel()
	hook := newHookReceiver(t)
	s, cal, _ := calendarStack(t, notifyHCL(hook.URL, "applied"))
	s.ciApply() // an empty calendar: the platform at its floor
	assert.Equal(t, `{"api":2,"web":4}`, compact(t, s.output("capacity")))
	assert.Empty(t, s.showKeys())

	t0 := time.Now().UTC().Truncate(time.Second)
	onSale1 := t0.Add(70 * time.Second)  // arena: warm -30s, peak -5s, lead 5s: warm at +35s, peak at +60s
	onSale3 := t0.Add(100 * time.Second) // warm at +65s, peak at +90s
	d := s.startDaemon()
	url := intake(t, d)
	waitFor(t, 30*time.Second, "the calendar stack read", func() bool {
		code, _ := jira(t, url, `{"action": "approve", "ticket": "TIX-0"}`)
		return code == http.StatusNotFound // 503 until the stack's profiles are known
	})

	// A request: recorded, planned at once, its show at baseline.
	code, ans := jira(t, url, requestBody("TIX-1", "Arena Night", onSale1, "300000"))
	require.Equal(t, http.StatusCreated, code, ans.Message)
	assert.Contains(t, ans.Message, "TIX-1 recorded: Arena Night, on sale ")
	posted := time.Now()
	created := calendarRunWith(t, s, "TIX-1", t0)
	t.Logf("POST → show in state: %s (calendar run %s)", created.Finished.Sub(posted).Round(time.Millisecond), created.Finished.Sub(created.Started).Round(time.Millisecond))
	assert.Equal(t, []string{"TIX-1"}, s.showKeys())
	assert.Equal(t, `{"api":2,"web":4}`, compact(t, s.output("capacity")), "unapproved: baseline")

	// A request in Sydney's DST gap: refused with both readings.
	code, ans = jira(t, url, strings.Replace(requestBody("TIX-2", "Gap Gig", onSale1, "1000"), `"on_sale": "`+onSale1.In(sydneyZone(t)).Format("2006-01-02T15:04:05")+`"`, `"on_sale": "2027-10-03T02:30"`, 1))
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Equal(t, "on_sale: 2027-10-03T02:30:00 does not exist in Australia/Sydney (clocks go forward): use 2027-10-03T01:30:00+10:00 or 2027-10-03T03:30:00+11:00", ans.Message)
	_, written, err := cal.Get(context.Background(), "TIX-2")
	require.NoError(t, err)
	assert.False(t, written, "a refused request is never written")

	// A row written straight into the table: the poll picks it up.
	sydney := sydneyZone(t)
	require.NoError(t, cal.Put(context.Background(), calendar.Request{Ticket: "TIX-3", Name: "Comedy Night", OnSale: onSale3.In(sydney).Format("2006-01-02T15:04:05"),
		TimeZone: "Australia/Sydney", Profile: "arena", Demand: 6000, Approved: true, Requester: "ops@example.com"}))
	calendarRunWith(t, s, "TIX-3", t0)
	assert.ElementsMatch(t, []string{"TIX-1", "TIX-3"}, s.showKeys())

	// Approval procures TIX-1 at its instants.
	code, ans = jira(t, url, `{"action": "approve", "ticket": "TIX-1"}`)
	require.Equal(t, http.StatusOK, code, ans.Message)
	calendarRunWith(t, s, "TIX-1", created.Finished)
	waitSettled(t, s, onSale1.Add(-35*time.Second), 60*time.Second)
	assert.Equal(t, `{"api":6,"web":20}`, compact(t, s.output("capacity")), "TIX-1's warm-up")
	waitSettled(t, s, onSale1.Add(-10*time.Second), 60*time.Second)
	assert.Equal(t, `{"api":17,"web":44}`, compact(t, s.output("capacity")), "TIX-1's peak, sized from 300,000 fans")
	waitSettled(t, s, onSale3.Add(-35*time.Second), 60*time.Second)
	assert.Equal(t, `{"api":17,"web":44}`, compact(t, s.output("capacity")), "TIX-3 warming up beside TIX-1's peak")

	// Cancelled mid-peak: TIX-1's show is destroyed and capacity returns to
	// what TIX-3 (warm) calls for.
	cancelled := time.Now()
	code, ans = jira(t, url, `{"action": "cancel", "ticket": "TIX-1"}`)
	require.Equal(t, http.StatusOK, code, ans.Message)
	run := calendarRunWith(t, s, "TIX-1", cancelled)
	assert.Contains(t, run.Changed, `hotshow_show.request["TIX-1"]`)
	assert.Equal(t, []string{"TIX-3"}, s.showKeys())
	assert.Equal(t, `{"api":6,"web":20}`, compact(t, s.output("capacity")), "back to TIX-3's warm-up")

	out, code2 := s.orchestrate("schedule", "-requests", "-json")
	require.Equal(t, 0, code2)
	var reqs []orchestrator.CalendarRequest
	require.NoError(t, json.Unmarshal([]byte(out), &reqs))
	states := map[string]string{}
	for _, r := range reqs {
		states[r.Ticket] = r.State
	}
	assert.Equal(t, map[string]string{"TIX-1": "cancelled", "TIX-3": "live"}, states)
	require.NoError(t, d.stop(t))

	for _, r := range s.historyAll() {
		assert.NotEqual(t, store.OutcomeRefused, r.Outcome, "%s %s: %s", r.Kind, r.Instant, r.Error)
		assert.NotEqual(t, store.OutcomeFailed, r.Outcome, "%s %s: %s", r.Kind, r.Instant, r.Error)
	}
	events, texts := hook.got()
	var tix1 bool
	for i, e := range events {
		tix1 = tix1 || (e == "applied" && strings.Contains(texts[i], "transition") && strings.Contains(texts[i], "(Arena Night (TIX-1) · "))
	}
	assert.True(t, tix1, "the applied alerts of TIX-1's transitions name its ticket: %q", texts)
}

func sydneyZone(t testing.TB) *time.Location {
	t.Helper()
	z, err := time.LoadLocation("Australia/Sydney")
	require.NoError(t, err)
	return z
}

// compact is a JSON output without spaces.
func compact(t testing.TB, s string) string {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v))
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
