package orchestrator

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func post(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestServer_sync(t *testing.T) {
	t.Parallel()
	serve := func(token string) (*Orchestrator, string) {
		cfg := testConfig(t, "s")
		cfg.SyncToken = token
		o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": {}})
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		addr, _, err := o.Serve(ctx, "127.0.0.1:0")
		require.NoError(t, err)
		return o, "http://" + addr.String()
	}
	o, url := serve("")
	code, body := post(t, url+"/sync/s", "")
	assert.Equal(t, http.StatusAccepted, code, body)
	assert.Equal(t, []string{"s"}, o.takeSyncs(), "the request reaches the scheduler")
	code, body = post(t, url+"/sync/nowhere", "")
	assert.Equal(t, http.StatusNotFound, code)
	assert.Contains(t, body, `no stack named "nowhere" is configured`)
	resp, err := http.Get(url + "/sync/s")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode, "a GET changes nothing")

	o, url = serve("s3cret")
	code, body = post(t, url+"/sync/s", "")
	assert.Equal(t, http.StatusForbidden, code)
	assert.Contains(t, body, "missing or wrong token")
	code, _ = post(t, url+"/sync/s", "wrong")
	assert.Equal(t, http.StatusForbidden, code)
	code, _ = post(t, url+"/sync/s", "s3cret")
	assert.Equal(t, http.StatusAccepted, code)
	assert.Equal(t, []string{"s"}, o.takeSyncs())
}

// TestServer_syncBeyondLoopbackNeedsAToken: a server listening on another
// interface refuses sync without a token (the local address is set in the
// request's context as net/http sets it; no traffic leaves the process).
func TestServer_syncBeyondLoopbackNeedsAToken(t *testing.T) {
	t.Parallel()
	o := newTestOrchestrator(t, testConfig(t, "s"), map[string]*fakeRunner{"s": {}})
	req := httptest.NewRequest(http.MethodPost, "/sync/s", nil)
	req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, &net.TCPAddr{IP: net.ParseIP("192.0.2.10"), Port: 9797}))
	rec := httptest.NewRecorder()
	o.handler().ServeHTTP(rec, req)
	assert.Equal(t, http.StatusForbidden, rec.Code)
	assert.True(t, strings.Contains(rec.Body.String(), "sync_token_env"), rec.Body.String())
	assert.Empty(t, o.takeSyncs())
}
