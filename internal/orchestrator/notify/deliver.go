// Package notify tells people what the orchestrator does: alerts built
// from runs and reminders (message.go) and their delivery to webhooks
// (deliver.go), each destination from a queue and a goroutine of its own,
// with retries, never blocking a run, and never printing a webhook's URL.
// It imports the store's and the policy's types, nothing of the core.
package notify

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
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/logging"
)

// The events a notify block can subscribe to.
const (
	EventApplied  = "applied"
	EventRefused  = "refused"
	EventFailed   = "failed"
	EventReminder = "reminder"
	// EventChecks: a readiness evaluation before (or during) a show found a
	// check failing or unknown, or could not be made.
	EventChecks = "not-ready"
)

// Events lists every event, the default of a notify block.
var Events = []string{EventApplied, EventRefused, EventFailed, EventReminder, EventChecks}

// Destination is one webhook and the events it wants.
type Destination struct {
	Kind   string   // "webhook"
	URL    string   // where to POST; a secret for most chat services, never logged
	Events []string // of Events
}

// Delivery settings of alerts.
const (
	notifyQueue    = 256             // alerts waiting; more are dropped and counted
	notifyAttempts = 4               // tries per alert and destination
	notifyBackoff  = time.Second     // before the second try; doubles
	notifyTimeout  = 5 * time.Second // per HTTP request
	notifyDrain    = 15 * time.Second
)

// Notifier posts alerts to webhooks, each destination from a queue and a
// goroutine of its own, so that a slow or dead receiver delays neither a run
// nor the other destinations: enqueueing never blocks.
type Notifier struct {
	hooks   []*hook
	client  *http.Client
	clock   clock.Clock
	log     logging.Logger
	counted func(result string)
	backoff time.Duration // before the second try; doubles

	mu     sync.Mutex
	closed bool
}

type hook struct {
	Destination
	queue chan Alert
	done  chan struct{}
}

// New starts a queue and a goroutine for each destination. counted is told
// each alert's result: "delivered", "failed" (after every try) or "dropped"
// (queue full). Close ends them. A nil *Notifier takes alerts and drops
// them.
func New(dests []Destination, c clock.Clock, log logging.Logger, counted func(result string)) *Notifier {
	// No keep-alive: alerts are rare, and an idle connection per receiver
	// is a goroutine and a socket held for nothing.
	transport := &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true, TLSHandshakeTimeout: notifyTimeout}
	n := &Notifier{client: &http.Client{Timeout: notifyTimeout, Transport: transport}, clock: c, log: log, counted: counted, backoff: notifyBackoff}
	for _, h := range dests {
		hk := &hook{Destination: h, queue: make(chan Alert, notifyQueue), done: make(chan struct{})}
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

// Wants reports whether any destination subscribes to event.
func (n *Notifier) Wants(event string) bool {
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

// Send queues an alert for every destination that wants it; it never
// blocks.
func (n *Notifier) Send(a Alert) {
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

// Close stops taking alerts and waits, at most notifyDrain in all, for the
// queued ones to be delivered.
func (n *Notifier) Close() {
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

func (n *Notifier) loop(h *hook) {
	defer close(h.done)
	for a := range h.queue {
		n.deliver(h.Destination, a)
	}
}

// deliver posts one alert, retrying with a doubling delay.
func (n *Notifier) deliver(h Destination, a Alert) {
	body, _ := json.Marshal(slackMessage(a))
	var err error
	wait := n.backoff
	for attempt := 1; attempt <= notifyAttempts; attempt++ {
		if attempt > 1 {
			<-n.clock.After(wait)
			wait = min(2*wait, time.Minute)
		}
		if err = n.post(h.URL, a.Event, body); err == nil {
			n.counted("delivered")
			return
		}
	}
	n.counted("failed")
	n.log.Error(err, "alert not delivered", "event", a.Event, "stack", a.Stack, "destination", redactURL(h.URL), "attempts", notifyAttempts)
}

func (n *Notifier) post(to, event string, body []byte) error {
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
