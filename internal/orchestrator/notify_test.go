package orchestrator

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
)

// receiver is a webhook endpoint on 127.0.0.1 that keeps what it gets.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	events []string
	texts  []string
	fail   int // answer 500 to this many requests first
	calls  int
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		defer r.mu.Unlock()
		r.calls++
		if r.fail > 0 {
			r.fail--
			http.Error(w, "try later", http.StatusInternalServerError)
			return
		}
		var msg struct {
			Text   string `json:"text"`
			Blocks []struct {
				Type string `json:"type"`
			} `json:"blocks"`
		}
		if err := json.Unmarshal(body, &msg); err != nil || len(msg.Blocks) != 1 || msg.Blocks[0].Type != "section" {
			http.Error(w, "not a Slack message", http.StatusBadRequest)
			return
		}
		r.events = append(r.events, req.Header.Get("X-Hotshow-Event"))
		r.texts = append(r.texts, msg.Text)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() (events, texts []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...), append([]string(nil), r.texts...)
}

func withWebhook(cfg *config.Config, url string, events ...string) *config.Config {
	if len(events) == 0 {
		events = notify.Events
	}
	cfg.Notify = []notify.Destination{{Kind: "webhook", URL: url, Events: events}}
	return cfg
}

func TestNotify_remindersThenEachAppliedTransition(t *testing.T) {
	rcv := newReceiver(t) // outside the bubble: its goroutines are real
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(26 * time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, `Eras <Sydney> & "N1"`, onSale))}
		o := newTestOrchestrator(t, withWebhook(testConfig(t, "s"), rcv.URL), map[string]*fakeRunner{"s": r})
		runFor(t, o, 28*time.Hour)
		require.NoError(t, o.Close())
	})
	events, texts := rcv.got()
	require.Equal(t, []string{"reminder", "reminder", "applied", "applied", "applied", "applied"}, events)
	assert.Contains(t, texts[0], "starts in 24h")
	assert.Contains(t, texts[1], "starts in 1h")
	assert.Contains(t, texts[0], "*Eras &lt;Sydney&gt; &amp; \"N1\"*", "user strings are escaped for mrkdwn")
	assert.Contains(t, texts[0], "terraform_data.web (update) allowed\n    input: 2 → 40", "the preview of the first transition")
	assert.Contains(t, texts[2], "applied")
	assert.Contains(t, texts[2], "(Eras &lt;Sydney&gt; &amp; \"N1\" · warm)")
	assert.Contains(t, texts[2], "• terraform_data.web.input: 2 -&gt; 40")
	assert.Contains(t, texts[2], "transition 2000-01-02T01:50:00Z", "the warm instant, 10 minutes before the on-sale")
}

func TestNotify_failedOnceThenAppliedAfterRetries(t *testing.T) {
	rcv := newReceiver(t)
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), failApply: 3}
		o := newTestOrchestrator(t, withWebhook(testConfig(t, "s"), rcv.URL, notify.EventApplied, notify.EventFailed), map[string]*fakeRunner{"s": r})
		runFor(t, o, 55*time.Minute) // the warm transition and its retries only
		require.NoError(t, o.Close())
	})
	events, texts := rcv.got()
	require.Equal(t, []string{"failed", "applied"}, events, "one alert for the failure, one when it recovers")
	assert.Contains(t, texts[0], "*failed*; retrying: stack s: apply: apply failed on purpose")
	assert.Contains(t, texts[1], "after 4 attempts")
}

func TestNotify_refusedOnce(t *testing.T) {
	rcv := newReceiver(t)
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), action: tfjson.ActionCreate}
		o := newTestOrchestrator(t, withWebhook(testConfig(t, "s"), rcv.URL, notify.EventRefused), map[string]*fakeRunner{"s": r})
		runFor(t, o, 3*time.Hour)
		require.NoError(t, o.Close())
	})
	events, texts := rcv.got()
	require.Equal(t, []string{"refused", "refused", "refused", "refused"}, events, "one a transition, none retried")
	assert.Contains(t, texts[0], "*refused*, nothing applied: policy capacity-only refused the plan: terraform_data.web: would be created")
}

func TestNotify_retriesThenGivesUpWithoutDelayingRuns(t *testing.T) {
	rcv := newReceiver(t)
	rcv.fail = 2 // the first alert needs three tries
	// A port nobody listens on, for a second destination.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	dead := "http://" + ln.Addr().String() + "/hook"
	require.NoError(t, ln.Close())
	synctest.Test(t, func(t *testing.T) {
		onSale := time.Now().UTC().Add(time.Hour)
		r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale))}
		cfg := testConfig(t, "s")
		cfg.Notify = []notify.Destination{{Kind: "webhook", URL: dead, Events: []string{notify.EventApplied}}, {Kind: "webhook", URL: rcv.URL, Events: []string{notify.EventApplied}}}
		o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
		runFor(t, o, 3*time.Hour)
		want := instants(onSale.Add(-10*time.Minute), onSale, onSale.Add(30*time.Minute), onSale.Add(time.Hour))
		assert.Equal(t, want, r.planAt, "every plan at its instant, whatever the receivers do")
		require.NoError(t, o.Close())
		assert.InDelta(t, 4, counterValue(t, o, "hotshow_notifications_total", map[string]string{"result": "failed"}), 0)
		assert.InDelta(t, 4, counterValue(t, o, "hotshow_notifications_total", map[string]string{"result": "delivered"}), 0)
	})
	events, _ := rcv.got()
	assert.Len(t, events, 4)
	assert.Equal(t, 6, rcv.calls, "two refusals retried")
}
