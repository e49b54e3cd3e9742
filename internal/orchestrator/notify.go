package orchestrator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
)

// The events a notify block can subscribe to.
const (
	EventApplied  = "applied"
	EventRefused  = "refused"
	EventFailed   = "failed"
	EventReminder = "reminder"
)

// NotifyEvents lists every event, the default of a notify block.
var NotifyEvents = []string{EventApplied, EventRefused, EventFailed, EventReminder}

// Delivery settings of alerts.
const (
	notifyQueue    = 256             // alerts waiting; more are dropped and counted
	notifyAttempts = 4               // tries per alert and destination
	notifyBackoff  = time.Second     // before the second try; doubles
	notifyTimeout  = 5 * time.Second // per HTTP request
	notifyDrain    = 15 * time.Second
)

// Alert is one message for people, built only from what is safe to show:
// names, instants, outcomes, and plan diffs whose sensitive values are
// already masked. Never the plan itself, variables or the environment.
type Alert struct {
	Event string
	Stack string
	Text  string // Slack mrkdwn, user strings escaped
}

// notifier posts alerts to webhooks, each destination from a queue and a
// goroutine of its own, so that a slow or dead receiver delays neither a run
// nor the other destinations: enqueueing never blocks.
type notifier struct {
	hooks   []*hook
	client  *http.Client
	clock   clock.Clock
	log     Logger
	counted func(result string)
	backoff time.Duration // before the second try; doubles

	mu     sync.Mutex
	closed bool
}

type hook struct {
	NotifyConfig
	queue chan Alert
	done  chan struct{}
}

func newNotifier(hooks []NotifyConfig, c clock.Clock, log Logger, counted func(string)) *notifier {
	// No keep-alive: alerts are rare, and an idle connection per receiver
	// is a goroutine and a socket held for nothing.
	transport := &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true, TLSHandshakeTimeout: notifyTimeout}
	n := &notifier{client: &http.Client{Timeout: notifyTimeout, Transport: transport}, clock: c, log: log, counted: counted, backoff: notifyBackoff}
	for _, h := range hooks {
		hk := &hook{NotifyConfig: h, queue: make(chan Alert, notifyQueue), done: make(chan struct{})}
		n.hooks = append(n.hooks, hk)
		go n.loop(hk)
	}
	return n
}

func (h *hook) wants(event string) bool {
	for _, e := range h.Events {
		if e == event {
			return true
		}
	}
	return false
}

// wants reports whether any destination subscribes to event.
func (n *notifier) wants(event string) bool {
	if n == nil {
		return false
	}
	for _, h := range n.hooks {
		if h.wants(event) {
			return true
		}
	}
	return false
}

// send queues an alert for every destination that wants it; it never
// blocks.
func (n *notifier) send(a Alert) {
	if n == nil {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return
	}
	for _, h := range n.hooks {
		if !h.wants(a.Event) {
			continue
		}
		select {
		case h.queue <- a:
		default:
			n.counted("dropped")
			n.log.Error(fmt.Errorf("alert queue full (%d)", notifyQueue), "alert dropped", "event", a.Event, "stack", a.Stack, "destination", redactURL(h.URL))
		}
	}
}

// close stops taking alerts and waits, at most notifyDrain in all, for the
// queued ones to be delivered.
func (n *notifier) close() {
	if n == nil {
		return
	}
	n.mu.Lock()
	if !n.closed {
		n.closed = true
		for _, h := range n.hooks {
			close(h.queue)
		}
	}
	n.mu.Unlock()
	deadline := n.clock.After(notifyDrain)
	for _, h := range n.hooks {
		select {
		case <-h.done:
		case <-deadline:
			n.log.Info("alerts still undelivered at exit", "waited", notifyDrain)
			return
		}
	}
}

func (n *notifier) loop(h *hook) {
	defer close(h.done)
	for a := range h.queue {
		n.deliver(h.NotifyConfig, a)
	}
}

// deliver posts one alert, retrying with a doubling delay.
func (n *notifier) deliver(h NotifyConfig, a Alert) {
	body, _ := json.Marshal(slackMessage(a))
	var err error
	for attempt := 1; attempt <= notifyAttempts; attempt++ {
		if attempt > 1 {
			<-n.clock.After(Backoff(attempt-1, n.backoff, time.Minute))
		}
		if err = n.post(h.URL, a.Event, body); err == nil {
			n.counted("delivered")
			return
		}
	}
	n.counted("failed")
	n.log.Error(err, "alert not delivered", "event", a.Event, "stack", a.Stack, "destination", redactURL(h.URL), "attempts", notifyAttempts)
}

func (n *notifier) post(to, event string, body []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), notifyTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, to, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("building the request: %s", redactErr(err, to))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "hotshow-orchestrator")
	req.Header.Set("X-Hotshow-Event", event)
	resp, err := n.client.Do(req)
	if err != nil {
		return fmt.Errorf("%s", redactErr(err, to))
	}
	_ = resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return nil
}

// slackMessage is the body Slack's incoming webhooks (and the chat services
// compatible with them) take.
func slackMessage(a Alert) map[string]any {
	return map[string]any{
		"text": a.Text,
		"blocks": []any{
			map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": a.Text}},
		},
	}
}

// redactURL keeps a webhook URL's scheme and host: its path is usually the
// secret.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparseable url)"
	}
	return u.Scheme + "://" + u.Host + "/…"
}

func redactErr(err error, secret string) string {
	return strings.ReplaceAll(err.Error(), secret, redactURL(secret))
}

// mrkdwn escapes a user string for Slack's mrkdwn.
func mrkdwn(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// runAlert turns a finished run into an alert, or false when the run is not
// one people are told of: a failure is told on its first attempt only (the
// retries go on quietly; the applied alert that ends them says how many
// there were).
func runAlert(r Result, phases []string) (Alert, bool) {
	run := r.Run
	if run.ID == "" {
		return Alert{}, false
	}
	head := fmt.Sprintf("*%s* transition %s", mrkdwn(r.Stack), run.Instant.UTC().Format(time.RFC3339))
	if len(phases) > 0 {
		head += " (" + mrkdwn(strings.Join(phases, ", ")) + ")"
	}
	var b strings.Builder
	var event string
	switch run.Outcome {
	case OutcomeApplied:
		event = EventApplied
		fmt.Fprintf(&b, ":white_check_mark: %s applied, lag %s, took %s", head, run.Lag.Round(time.Millisecond), run.Finished.Sub(run.Started).Round(time.Millisecond))
		if run.Attempt > 1 {
			fmt.Fprintf(&b, " after %d attempts", run.Attempt)
		}
		for _, d := range run.Diff {
			b.WriteString("\n• " + mrkdwn(d))
		}
	case OutcomeRefused:
		event = EventRefused
		fmt.Fprintf(&b, ":no_entry: %s *refused*, nothing applied: %s", head, mrkdwn(squeeze(run.Error, 800)))
	case OutcomeFailed:
		if run.Attempt > 1 {
			return Alert{}, false
		}
		event = EventFailed
		fmt.Fprintf(&b, ":x: %s *failed*; retrying: %s", head, mrkdwn(squeeze(run.Error, 800)))
	default:
		return Alert{}, false
	}
	return Alert{Event: event, Stack: r.Stack, Text: b.String()}, true
}

// reminderAlert tells of a show's first transition ahead of time, with what
// its plan would change.
func reminderAlert(stack, show string, first time.Time, before time.Duration, p *Preview, err error) Alert {
	var b strings.Builder
	fmt.Fprintf(&b, ":alarm_clock: *%s* starts in %s on stack *%s*: first transition %s", mrkdwn(show), fmtBefore(before), mrkdwn(stack), first.UTC().Format(time.RFC3339))
	switch {
	case err != nil:
		fmt.Fprintf(&b, "\npreview failed: %s", mrkdwn(oneLine(err.Error())))
	case len(p.Changes) == 0:
		b.WriteString("\nthe plan for that instant changes nothing")
	default:
		for _, c := range p.Changes {
			verdict := "allowed"
			if c.Refused != "" {
				verdict = "WOULD BE REFUSED: " + c.Refused
			}
			fmt.Fprintf(&b, "\n• %s (%s) %s", mrkdwn(c.Address), strings.Join(c.Actions, ", "), mrkdwn(verdict))
			for _, a := range c.Attributes {
				fmt.Fprintf(&b, "\n    %s: %s → %s", mrkdwn(a.Path), mrkdwn(a.Before), mrkdwn(a.After))
			}
		}
	}
	return Alert{Event: EventReminder, Stack: stack, Text: b.String()}
}

func fmtBefore(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return d.String()
}
