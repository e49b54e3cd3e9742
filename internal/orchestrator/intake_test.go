package orchestrator

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
	"github.com/hotshow/terraform-provider-hotshow/internal/clock/clocktest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging/logtest"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/bolt"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/tfrun"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
)

// intakeNow is the intake tests' clock.
var intakeNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// intakeServer is an orchestrator with a file calendar and the intake, its
// calendar stack read with the profiles arena and stadium, served on
// 127.0.0.1.
func intakeServer(t *testing.T) (*Orchestrator, *httptest.Server, calendar.Source) {
	t.Helper()
	cfg := testConfig(t, "cal")
	cfg.Calendar = &config.Calendar{Kind: "file", Path: filepath.Join(t.TempDir(), "calendar.json"), Stack: "cal", PollInterval: time.Minute}
	cfg.Intake = &config.Intake{Listen: "127.0.0.1:0", Secret: "s3cret", Horizon: config.DefaultIntakeHorizon}
	ledger, err := bolt.Open(filepath.Join(t.TempDir(), "ledger.db"))
	require.NoError(t, err)
	o, err := New(context.Background(), cfg, WithStore(ledger), WithClock(clocktest.New(intakeNow)), WithLogger(logtest.New(t)),
		WithRunnerFactory(func(config.Stack) (tfrun.Runner, error) { return &fakeRunner{}, nil }))
	require.NoError(t, err)
	o.live.discovered("cal", &showstate.State{Calendar: &showstate.Calendar{Profiles: []string{"stadium", "arena"}}}, intakeNow)
	srv := httptest.NewServer(o.intakeHandler())
	t.Cleanup(srv.Close)
	return o, srv, o.Calendar()
}

// postIntake sends body as Jira's web request does, with the secret.
func postIntake(t *testing.T, srv *httptest.Server, body string) (int, IntakeAnswer) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/requests", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(IntakeHeader, "s3cret")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var ans IntakeAnswer
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &ans), "answer %s", b)
	return resp.StatusCode, ans
}

// jiraRequest is the body the guide's "request created" rule sends, with
// its smart values filled in.
func jiraRequest(ticket, onSale, zone string) string {
	return `{"action": "request", "ticket": "` + ticket + `", "name": "Eras Tour — Sydney N1", "on_sale": "` + onSale + `", "time_zone": "` + zone + `",
  "profile": "stadium", "expected_demand": "300000", "requester": "promoter@example.com"}`
}

func TestIntake_lifecycle(t *testing.T) {
	t.Parallel()
	o, srv, cal := intakeServer(t)
	code, ans := postIntake(t, srv, jiraRequest("TIX-1", "2026-12-01T09:00", "Australia/Sydney"))
	assert.Equal(t, http.StatusCreated, code)
	assert.Equal(t, IntakeAnswer{Status: "recorded", Ticket: "TIX-1", Message: "TIX-1 recorded: Eras Tour — Sydney N1, on sale 2026-12-01 09:00 Australia/Sydney (stadium, 300000 fans in the first minute), awaiting approval"}, ans)
	assert.True(t, o.takeCalendar(), "the daemon is asked to plan the calendar stack")
	r, ok, err := cal.Get(context.Background(), "TIX-1")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, calendar.Request{Ticket: "TIX-1", Name: "Eras Tour — Sydney N1", OnSale: "2026-12-01T09:00", TimeZone: "Australia/Sydney", Profile: "stadium",
		Demand: 300000, Requester: "promoter@example.com", Updated: "2026-11-29T12:00:00Z"}, r)

	code, ans = postIntake(t, srv, `{"action": "approve", "ticket": "TIX-1"}`)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "TIX-1 approved: Eras Tour — Sydney N1, on sale 2026-12-01 09:00 Australia/Sydney (stadium, 300000 fans in the first minute) will be procured", ans.Message)
	code, ans = postIntake(t, srv, `{"action": "reschedule", "ticket": "TIX-1", "on_sale": "2026-12-02T10:00:00", "expected_demand": 250000}`)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "TIX-1 rescheduled: Eras Tour — Sydney N1, on sale 2026-12-02 10:00:00 Australia/Sydney (stadium, 250000 fans in the first minute)", ans.Message)
	r, _, err = cal.Get(context.Background(), "TIX-1")
	require.NoError(t, err)
	assert.True(t, r.Approved, "a reschedule keeps the approval")
	code, ans = postIntake(t, srv, `{"action": "cancel", "ticket": "TIX-1"}`)
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "TIX-1 cancelled: Eras Tour — Sydney N1 is no longer procured", ans.Message)
	r, _, err = cal.Get(context.Background(), "TIX-1")
	require.NoError(t, err)
	assert.True(t, r.Cancelled)
	code, _ = postIntake(t, srv, jiraRequest("TIX-1", "2026-12-03T09:00", "Australia/Sydney"))
	assert.Equal(t, http.StatusCreated, code, "a cancelled ticket may be asked for again")
}

// TestIntake_badRequests: every refusal, with its status and exact message;
// none writes the calendar or asks for a run.
func TestIntake_badRequests(t *testing.T) {
	t.Parallel()
	o, srv, cal := intakeServer(t)
	_, _ = postIntake(t, srv, jiraRequest("TIX-1", "2026-12-01T09:00", "Australia/Sydney"))
	_, _ = postIntake(t, srv, jiraRequest("TIX-2", "2026-12-01T10:00", "Australia/Sydney"))
	_, _ = postIntake(t, srv, `{"action": "approve", "ticket": "TIX-2"}`)
	_, _ = postIntake(t, srv, jiraRequest("TIX-3", "2026-12-01T11:00", "Australia/Sydney"))
	_, _ = postIntake(t, srv, `{"action": "cancel", "ticket": "TIX-3"}`)
	o.takeCalendar()
	before, err := cal.List(context.Background())
	require.NoError(t, err)

	cases := []struct {
		name, body string
		code       int
		msg        string
	}{
		{"not JSON", `{"action": "request", "ticket": "TIX-9",}`, 400, "the body is not a request: invalid JSON at byte 41: invalid character '}' looking for beginning of object key string (check the rule's custom data: a smart value with quotes or line breaks in it needs .jsonEncode)"},
		{"empty body", ``, 400, "the body is not a request: the body is empty"},
		{"two values", `{"action": "cancel", "ticket": "TIX-1"} {}`, 400, "the body is not a request: it holds more than one JSON value"},
		{"unknown field", `{"action": "request", "ticket": "TIX-9", "onsale": "2026-12-01T09:00"}`, 400, `the body is not a request: unknown field "onsale": the fields are action, ticket, name, on_sale, time_zone, profile, expected_demand and requester`},
		{"wrong type", `{"action": "request", "ticket": 12}`, 400, "the body is not a request: ticket is a JSON number, not a string"},
		{"no action", `{"ticket": "TIX-9"}`, 400, "action is missing: use one of request, approve, reschedule, cancel"},
		{"unknown action", `{"action": "approved", "ticket": "TIX-1"}`, 400, `action "approved" is not one of request, approve, reschedule, cancel`},
		{"bad ticket", `{"action": "approve", "ticket": "TIX 1"}`, 400, `ticket "TIX 1" is not an issue key such as "TIX-123": set it to {{issue.key}}`},
		{"zone misspelt", jiraRequest("TIX-9", "2026-12-01T09:00", "Australia/Sydny"), 422, `time_zone: "Australia/Sydny" is not an IANA time zone such as "Australia/Sydney"`},
		{"DST gap", jiraRequest("TIX-9", "2027-10-03T02:30", "Australia/Sydney"), 422, "on_sale: 2027-10-03T02:30:00 does not exist in Australia/Sydney (clocks go forward): use 2027-10-03T01:30:00+10:00 or 2027-10-03T03:30:00+11:00"},
		{"DST fold", jiraRequest("TIX-9", "2027-04-04T02:30", "Australia/Sydney"), 422, "on_sale: 2027-04-04T02:30:00 happens twice in Australia/Sydney (clocks go back): use 2027-04-04T02:30:00+11:00 (the first) or 2027-04-04T02:30:00+10:00 (the second)"},
		{"on-sale not a time", jiraRequest("TIX-9", "next Tuesday", "Australia/Sydney"), 422, `on_sale: "next Tuesday" is not a wall time such as "2026-12-01T09:00:00" (read in time_zone)`},
		{"in the past", jiraRequest("TIX-9", "2026-11-20T09:00", "Australia/Sydney"), 422, "on_sale: 2026-11-20T09:00:00 Australia/Sydney is in the past"},
		{"beyond the horizon", jiraRequest("TIX-9", "2028-01-01T09:00", "Australia/Sydney"), 422, "on_sale: 2028-01-01T09:00:00 Australia/Sydney is more than 8784h ahead (the horizon)"},
		{"unknown profile", strings.Replace(jiraRequest("TIX-9", "2026-12-01T09:00", "Australia/Sydney"), `"stadium"`, `"festival"`, 1), 422, `profile: "festival" is not a profile of this stack: use one of arena, stadium`},
		{"no demand", strings.Replace(jiraRequest("TIX-9", "2026-12-01T09:00", "Australia/Sydney"), `"300000"`, `""`, 1), 422, "expected_demand is missing: give the fans expected in the on-sale's first minute, such as 300000"},
		{"demand not a number", strings.Replace(jiraRequest("TIX-9", "2026-12-01T09:00", "Australia/Sydney"), `"300000"`, `"lots"`, 1), 422, `expected_demand: "lots" is not a whole number of fans such as 300000`},
		{"zero demand", strings.Replace(jiraRequest("TIX-9", "2026-12-01T09:00", "Australia/Sydney"), `"300000"`, `0`, 1), 422, "expected_demand: 0 must be 1 or more"},
		{"no name", strings.Replace(jiraRequest("TIX-9", "2026-12-01T09:00", "Australia/Sydney"), `"Eras Tour — Sydney N1"`, `""`, 1), 422, `name: empty: give the show's name, such as "Eras Tour Sydney N1"`},
		{"duplicate ticket", jiraRequest("TIX-1", "2026-12-05T09:00", "Australia/Sydney"), 409, `TIX-1 is already in the calendar (awaiting approval): post "reschedule" to change it`},
		{"approve unknown", `{"action": "approve", "ticket": "TIX-404"}`, 404, `TIX-404 is not in the calendar: post "request" first`},
		{"approve twice", `{"action": "approve", "ticket": "TIX-2"}`, 409, "TIX-2 is already approved"},
		{"approve cancelled", `{"action": "approve", "ticket": "TIX-3"}`, 409, `TIX-3 was cancelled: post "request" to ask for it again`},
		{"reschedule to nothing new", `{"action": "reschedule", "ticket": "TIX-1", "on_sale": "2026-12-01T09:00"}`, 400, "TIX-1: the reschedule changes nothing: send the new on_sale, time_zone, name, profile or expected_demand"},
		{"reschedule into a gap", `{"action": "reschedule", "ticket": "TIX-2", "on_sale": "2027-10-03T02:30"}`, 422, "on_sale: 2027-10-03T02:30:00 does not exist in Australia/Sydney (clocks go forward): use 2027-10-03T01:30:00+10:00 or 2027-10-03T03:30:00+11:00"},
		{"too large", `{"action": "request", "ticket": "TIX-9", "name": "` + strings.Repeat("x", 70000) + `"}`, 413, "the body is larger than 64 KiB"},
	}
	for _, c := range cases {
		code, ans := postIntake(t, srv, c.body)
		assert.Equal(t, c.code, code, c.name)
		assert.Equal(t, "refused", ans.Status, c.name)
		assert.Equal(t, c.msg, ans.Message, c.name)
		assert.LessOrEqual(t, len([]rune(ans.Message)), 300, "%s: short enough for a Jira comment", c.name)
	}
	after, err := cal.List(context.Background())
	require.NoError(t, err)
	assert.Equal(t, before, after, "no refusal wrote the calendar")
	assert.False(t, o.takeCalendar(), "no refusal asked for a run")
}

// TestIntake_secretAndContentType: the shared secret and JSON are required.
func TestIntake_secretAndContentType(t *testing.T) {
	t.Parallel()
	_, srv, _ := intakeServer(t)
	for _, c := range []struct {
		secret, contentType string
		code                int
		msg                 string
	}{
		{"", "application/json", 401, "missing or wrong X-Hotshow-Secret header: set it to the intake's shared secret in the rule's web request"},
		{"guess", "application/json", 401, "missing or wrong X-Hotshow-Secret header: set it to the intake's shared secret in the rule's web request"},
		{"s3cret", "text/plain", 415, `Content-Type is "text/plain": send the body as application/json`},
	} {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/requests", strings.NewReader(jiraRequest("TIX-1", "2026-12-01T09:00", "Australia/Sydney")))
		require.NoError(t, err)
		req.Header.Set("Content-Type", c.contentType)
		if c.secret != "" {
			req.Header.Set(IntakeHeader, c.secret)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var ans IntakeAnswer
		require.NoError(t, json.NewDecoder(resp.Body).Decode(&ans))
		require.NoError(t, resp.Body.Close())
		assert.Equal(t, c.code, resp.StatusCode)
		assert.Equal(t, c.msg, ans.Message)
		assert.NotContains(t, ans.Message, "s3cret")
	}
}
