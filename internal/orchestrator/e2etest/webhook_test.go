package e2etest

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// hookReceiver is a webhook endpoint on 127.0.0.1 keeping each event it
// gets, with the message text.
type hookReceiver struct {
	*httptest.Server
	mu     sync.Mutex
	events []string
	texts  []string
}

func newHookReceiver(t *testing.T) *hookReceiver {
	r := &hookReceiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		var msg struct {
			Text string `json:"text"`
		}
		body, _ := io.ReadAll(req.Body)
		if req.Method != http.MethodPost || req.Header.Get("Content-Type") != "application/json" || json.Unmarshal(body, &msg) != nil || msg.Text == "" {
			http.Error(w, "want a Slack-style JSON message", http.StatusBadRequest)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		r.events = append(r.events, req.Header.Get("X-Hotshow-Event"))
		r.texts = append(r.texts, msg.Text)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *hookReceiver) got() ([]string, []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.events...), append([]string(nil), r.texts...)
}

// notifyHCL subscribes url to events.
func notifyHCL(url string, events ...string) string {
	b, _ := json.Marshal(events)
	return "notify \"webhook\" {\n  url    = \"" + url + "\"\n  events = " + string(b) + "\n}\n"
}

// blackHole accepts connections and never answers: the worst receiver.
func blackHole(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return "http://" + ln.Addr().String() + "/hook"
}

// TestE2E_webhookAppliedEventsAndADeadReceiver: a live receiver gets one
// applied event a transition; a receiver that never answers, subscribed to
// the same events, delays no run.
func TestE2E_webhookAppliedEventsAndADeadReceiver(t *testing.T) {
	t.Parallel()
	onSale := nextOnSale()
	rcv := newHookReceiver(t)
	s := newStack(t, showTF(onSale, "", ""), notifyHCL(blackHole(t), "applied", "refused", "failed")+notifyHCL(rcv.URL, "applied", "refused", "failed"))
	s.ciApply()
	d := s.startDaemon()
	waitSettled(t, s, onSale.Add(2*gap), 60*time.Second)
	waitFor(t, 20*time.Second, "four alerts", func() bool { ev, _ := rcv.got(); return len(ev) >= 4 })
	require.NoError(t, d.stop(t))
	runs := s.history()
	require.Len(t, runs, 4)
	for i, r := range runs {
		assert.Equal(t, store.OutcomeApplied, r.Outcome)
		// Each alert to the black hole takes four tries of 5 s: had a run
		// waited for one, the later runs would start seconds late.
		assert.Less(t, r.Lag, 2*time.Second, "run %d", i)
	}
	events, texts := rcv.got()
	assert.Equal(t, []string{"applied", "applied", "applied", "applied"}, events)
	for i, phase := range []string{"warm", "peak", "tail", "ended"} {
		assert.Contains(t, texts[i], "*s* transition "+transitions(onSale)[i].Format(time.RFC3339)+" (E2E · "+phase+") applied")
	}
	assert.Contains(t, texts[1], "terraform_data.web.input: 10 -&gt; 50")
}
