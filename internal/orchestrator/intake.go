package orchestrator

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/calendar"
)

// The intake: the HTTP endpoint a Jira Automation rule's "Send web request"
// action posts a show request to. It checks the request with the rules the
// calendar stack's hotshow_calendar applies (and the on-sale against now),
// writes it to the calendar, tells the daemon to plan the calendar stack at
// once, and answers with a status and a message short enough for a Jira
// comment. A request it refuses never reaches Terraform.

// IntakeHeader carries the intake's shared secret.
const IntakeHeader = "X-Hotshow-Secret"

// The actions of an intake request, one per Jira transition.
const (
	ActionRequest    = "request"    // a new show asked for: awaiting approval
	ActionApprove    = "approve"    // approved: its capacity is procured
	ActionReschedule = "reschedule" // its on-sale (or name, profile, demand) moved
	ActionCancel     = "cancel"     // cancelled: its capacity is no longer asked for
)

// ticketPattern is what a calendar row's key may be (as the calendar's own
// check has it): a Jira issue key and more.
var ticketPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// intakeMaxBody bounds a request's body: a Jira web request is a few
// hundred bytes.
const intakeMaxBody = 64 << 10

// IntakeRequest is the body a Jira Automation rule posts. expected_demand
// may be a number or a string of digits (a smart value inside quotes).
type IntakeRequest struct {
	Action    string          `json:"action"`
	Ticket    string          `json:"ticket"`
	Name      string          `json:"name,omitempty"`
	OnSale    string          `json:"on_sale,omitempty"`
	TimeZone  string          `json:"time_zone,omitempty"`
	Profile   string          `json:"profile,omitempty"`
	Demand    json.RawMessage `json:"expected_demand,omitempty"`
	Requester string          `json:"requester,omitempty"`
}

// IntakeAnswer is the intake's answer: Jira's rule can put message in a
// comment on the ticket ({{webResponse.body.message}}).
type IntakeAnswer struct {
	Status  string `json:"status"` // recorded, approved, rescheduled, cancelled, refused
	Ticket  string `json:"ticket,omitempty"`
	Message string `json:"message"`
}

// intakeError is a refusal: its HTTP status and message.
type intakeError struct {
	code int
	msg  string
}

func (e *intakeError) Error() string { return e.msg }

func refuse(code int, format string, args ...any) *intakeError {
	return &intakeError{code: code, msg: fmt.Sprintf(format, args...)}
}

// intakeHandler serves POST /requests.
func (o *Orchestrator) intakeHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /requests", o.serveIntake)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = fmt.Fprintln(w, "ok") })
	return securityHeaders(mux)
}

// ServeIntake listens on the intake's address and serves it until ctx
// ends, as Serve does the status endpoints.
func (o *Orchestrator) ServeIntake(ctx context.Context) (net.Addr, <-chan error, error) {
	if o.cfg.Intake == nil {
		return nil, nil, errors.New("the intake is off: add an intake block")
	}
	ln, err := net.Listen("tcp", o.cfg.Intake.Listen)
	if err != nil {
		return nil, nil, fmt.Errorf("intake: %w", err)
	}
	srv := &http.Server{Handler: o.intakeHandler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second}
	return ln.Addr(), serveUntil(ctx, srv, ln), nil
}

func (o *Orchestrator) serveIntake(w http.ResponseWriter, r *http.Request) {
	ans, err := o.intake(r)
	code := http.StatusOK
	if ans.Status == "recorded" {
		code = http.StatusCreated
	}
	var ie *intakeError
	switch {
	case errors.As(err, &ie):
		code, ans = ie.code, IntakeAnswer{Status: "refused", Ticket: ans.Ticket, Message: ie.msg}
	case err != nil:
		code, ans = http.StatusServiceUnavailable, IntakeAnswer{Status: "error", Ticket: ans.Ticket, Message: "the calendar could not be written: " + err.Error()}
	}
	o.log.Info("intake", "ticket", ans.Ticket, "status", ans.Status, "code", code, "message", ans.Message)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(ans)
}

// intake checks and carries out one request.
func (o *Orchestrator) intake(r *http.Request) (IntakeAnswer, error) {
	if subtle.ConstantTimeCompare([]byte(r.Header.Get(IntakeHeader)), []byte(o.cfg.Intake.Secret)) != 1 {
		return IntakeAnswer{}, refuse(http.StatusUnauthorized, "missing or wrong %s header: set it to the intake's shared secret in the rule's web request", IntakeHeader)
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return IntakeAnswer{}, refuse(http.StatusUnsupportedMediaType, "Content-Type is %q: send the body as application/json", ct)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, intakeMaxBody+1))
	if err != nil {
		return IntakeAnswer{}, refuse(http.StatusBadRequest, "reading the body: %s", err)
	}
	if len(body) > intakeMaxBody {
		return IntakeAnswer{}, refuse(http.StatusRequestEntityTooLarge, "the body is larger than %d KiB", intakeMaxBody>>10)
	}
	var req IntakeRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return IntakeAnswer{}, refuse(http.StatusBadRequest, "the body is not a request: %s", jsonProblem(err))
	}
	if dec.More() {
		return IntakeAnswer{}, refuse(http.StatusBadRequest, "the body is not a request: it holds more than one JSON value")
	}
	ans := IntakeAnswer{Ticket: req.Ticket}
	if !ticketPattern.MatchString(req.Ticket) {
		return ans, refuse(http.StatusBadRequest, "ticket %q is not an issue key such as \"TIX-123\": set it to {{issue.key}}", req.Ticket)
	}
	profiles, err := o.calendarProfiles()
	if err != nil {
		return ans, err
	}
	rules := calendar.Rules{Profiles: profiles, Now: o.clock.Now(), Horizon: o.cfg.Intake.Horizon}
	ctx, cancel := context.WithTimeout(r.Context(), 20*time.Second)
	defer cancel()
	cur, exists, err := o.calendar.Get(ctx, req.Ticket)
	if err != nil {
		return ans, err
	}
	next, status, msg, err := applyAction(req, cur, exists, rules)
	if err != nil {
		return ans, err
	}
	next.Updated = o.clock.Now().UTC().Format(time.RFC3339)
	if err := o.calendar.Put(ctx, next); err != nil {
		return ans, err
	}
	o.RequestCalendarRun()
	ans.Status, ans.Message = status, msg
	return ans, nil
}

// applyAction is the calendar row an action leaves, with the answer's
// status and message, or the refusal.
func applyAction(req IntakeRequest, cur calendar.Request, exists bool, rules calendar.Rules) (calendar.Request, string, string, error) {
	switch req.Action {
	case ActionRequest:
		if exists && !cur.Cancelled {
			return cur, "", "", refuse(http.StatusConflict, "%s is already in the calendar (%s): post %q to change it", req.Ticket, rowState(cur), ActionReschedule)
		}
		next := calendar.Request{Ticket: req.Ticket, Name: req.Name, OnSale: req.OnSale, TimeZone: req.TimeZone, Profile: req.Profile, Requester: req.Requester}
		if err := setDemand(&next, req.Demand, true); err != nil {
			return cur, "", "", err
		}
		if err := next.Check(rules); err != nil {
			return cur, "", "", refuse(http.StatusUnprocessableEntity, "%s", err)
		}
		return next, "recorded", fmt.Sprintf("%s recorded: %s, awaiting approval", req.Ticket, describe(next)), nil
	case ActionApprove, ActionReschedule, ActionCancel:
	case "":
		return cur, "", "", refuse(http.StatusBadRequest, "action is missing: use one of %s, %s, %s, %s", ActionRequest, ActionApprove, ActionReschedule, ActionCancel)
	default:
		return cur, "", "", refuse(http.StatusBadRequest, "action %q is not one of %s, %s, %s, %s", req.Action, ActionRequest, ActionApprove, ActionReschedule, ActionCancel)
	}
	if !exists {
		return cur, "", "", refuse(http.StatusNotFound, "%s is not in the calendar: post %q first", req.Ticket, ActionRequest)
	}
	if cur.Cancelled {
		return cur, "", "", refuse(http.StatusConflict, "%s was cancelled: post %q to ask for it again", req.Ticket, ActionRequest)
	}
	next := cur
	switch req.Action {
	case ActionApprove:
		if cur.Approved {
			return cur, "", "", refuse(http.StatusConflict, "%s is already approved", req.Ticket)
		}
		next.Approved = true
		if err := next.Check(rules); err != nil {
			return cur, "", "", refuse(http.StatusUnprocessableEntity, "%s cannot be approved: %s", req.Ticket, err)
		}
		return next, "approved", fmt.Sprintf("%s approved: %s will be procured", req.Ticket, describe(next)), nil
	case ActionReschedule:
		for _, f := range []struct {
			dst *string
			v   string
		}{{&next.Name, req.Name}, {&next.OnSale, req.OnSale}, {&next.TimeZone, req.TimeZone}, {&next.Profile, req.Profile}, {&next.Requester, req.Requester}} {
			if f.v != "" {
				*f.dst = f.v
			}
		}
		if err := setDemand(&next, req.Demand, false); err != nil {
			return cur, "", "", err
		}
		if next == cur {
			return cur, "", "", refuse(http.StatusBadRequest, "%s: the reschedule changes nothing: send the new on_sale, time_zone, name, profile or expected_demand", req.Ticket)
		}
		if err := next.Check(rules); err != nil {
			return cur, "", "", refuse(http.StatusUnprocessableEntity, "%s", err)
		}
		return next, "rescheduled", fmt.Sprintf("%s rescheduled: %s", req.Ticket, describe(next)), nil
	default: // ActionCancel
		next.Cancelled = true
		return next, "cancelled", fmt.Sprintf("%s cancelled: %s is no longer procured", req.Ticket, next.Name), nil
	}
}

// setDemand reads expected_demand: a number, or a string of digits.
func setDemand(r *calendar.Request, raw json.RawMessage, required bool) error {
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` {
		if required {
			return refuse(http.StatusUnprocessableEntity, "expected_demand is missing: give the fans expected in the on-sale's first minute, such as 300000")
		}
		return nil
	}
	s := strings.Trim(string(raw), `"`)
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return refuse(http.StatusUnprocessableEntity, "expected_demand: %s is not a whole number of fans such as 300000", raw)
	}
	r.Demand = n
	return nil
}

// describe is a request in a few words, for an answer.
func describe(r calendar.Request) string {
	return fmt.Sprintf("%s, on sale %s %s (%s, %d fans in the first minute)", r.Name, strings.Replace(r.OnSale, "T", " ", 1), r.TimeZone, r.Profile, r.Demand)
}

// rowState says where a calendar row stands, for a refusal.
func rowState(r calendar.Request) string {
	switch {
	case r.Cancelled:
		return "cancelled"
	case r.Approved:
		return "approved"
	default:
		return "awaiting approval"
	}
}

// jsonProblem says what is wrong with a body in words a Jira comment can
// carry.
func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("invalid JSON at byte %d: %s (check the rule's custom data: a smart value with quotes or line breaks in it needs .jsonEncode)", se.Offset, se.Error())
	case errors.As(err, &te):
		return fmt.Sprintf("%s is a JSON %s, not a %s", te.Field, te.Value, te.Type)
	case errors.Is(err, io.EOF):
		return "the body is empty"
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return strings.TrimPrefix(err.Error(), "json: ") + ": the fields are action, ticket, name, on_sale, time_zone, profile, expected_demand and requester"
	}
	return err.Error()
}

// calendarProfiles are the profiles the calendar stack describes, as its
// hotshow_calendar was last read from its state.
func (o *Orchestrator) calendarProfiles() ([]string, error) {
	ls := o.live.get(o.cfg.Calendar.Stack)
	if ls.shows == nil {
		return nil, refuse(http.StatusServiceUnavailable, "the calendar stack %q has not been read yet: try again in a minute", o.cfg.Calendar.Stack)
	}
	if ls.shows.Calendar == nil || len(ls.shows.Calendar.Profiles) == 0 {
		return nil, refuse(http.StatusServiceUnavailable, "stack %q has no hotshow_calendar with profiles in its state: apply it first", o.cfg.Calendar.Stack)
	}
	return ls.shows.Calendar.Profiles, nil
}

// RequestCalendarRun asks the running daemon to plan the calendar stack now
// (the calendar changed). It never blocks.
func (o *Orchestrator) RequestCalendarRun() {
	if o.cfg.Calendar == nil {
		return
	}
	o.syncMu.Lock()
	o.calendarPending = true
	o.syncMu.Unlock()
	select {
	case o.syncSignal <- struct{}{}:
	default:
	}
}
