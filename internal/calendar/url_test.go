package calendar

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// feed serves body with status at /shows.json.
func feed(t *testing.T, status int, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/shows.json" {
			http.NotFound(w, r)
			return
		}
		assert.Equal(t, "application/json", r.Header.Get("Accept"))
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/shows.json"
}

func TestURL_list(t *testing.T) {
	ctx := context.Background()
	u := feed(t, http.StatusOK, `[
  {"ticket": "TIX-2", "name": "B", "on_sale": "2026-12-01T09:00", "time_zone": "Australia/Sydney", "profile": "arena", "expected_demand": 50000, "approved": true},
  {"ticket": "TIX-1", "name": "A", "on_sale": "2026-12-02T09:00:00", "time_zone": "Australia/Perth", "profile": "stadium", "expected_demand": 90000, "cancelled": true, "requester": "ana"},
  {"ticket": "TIX-3", "name": "C", "expected_demand": "many"}
]`)
	src := OpenURL(u, nil)
	assert.Equal(t, "url "+u, src.Describe())
	rs, err := src.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, []Request{
		{Ticket: "TIX-1", Name: "A", OnSale: "2026-12-02T09:00:00", TimeZone: "Australia/Perth", Profile: "stadium", Demand: 90000, Cancelled: true, Requester: "ana"},
		{Ticket: "TIX-2", Name: "B", OnSale: "2026-12-01T09:00", TimeZone: "Australia/Sydney", Profile: "arena", Demand: 50000, Approved: true},
		{Ticket: "TIX-3", Name: "C", Invalid: `expected_demand: "many" is not a whole number`},
	}, rs)
	got, ok, err := src.Get(ctx, "TIX-2")
	require.NoError(t, err)
	assert.True(t, ok)
	assert.Equal(t, "B", got.Name)
	_, ok, err = src.Get(ctx, "TIX-9")
	require.NoError(t, err)
	assert.False(t, ok)

	err = src.Put(ctx, valid())
	require.Error(t, err)
	assert.Equal(t, "url "+u+": read-only: a calendar read from a URL cannot be written; write the request where the feed takes its requests from", err.Error())
}

func TestURL_errors(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		status int
		body   string
		want   string
	}{
		{"server error", http.StatusServiceUnavailable, "down for\nmaintenance", "HTTP 503 Service Unavailable: down for maintenance"},
		{"not found, no body", http.StatusNotFound, "", "HTTP 404 Not Found"},
		{"bad JSON", http.StatusOK, `[{"ticket": "TIX-1"]`, "invalid JSON at line 1, column 20: invalid character ']' after object key:value pair"},
		{"HTML", http.StatusOK, "<html>sign in</html>", "invalid JSON at line 1, column 1: invalid character '<' looking for beginning of value"},
		{"an object", http.StatusOK, `{"requests": []}`, `not a JSON array of requests (it is an object): write [ {"ticket": "TIX-123", ...}, ... ], or [] for none`},
		{"empty", http.StatusOK, "", "the answer is empty: the feed must answer a JSON array of requests ([] for none)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u := feed(t, tc.status, tc.body)
			_, err := OpenURL(u, nil).List(ctx)
			require.Error(t, err)
			assert.Equal(t, "url "+u+": "+tc.want, err.Error())
		})
	}

	// Nothing listening.
	srv := httptest.NewServer(http.NotFoundHandler())
	u := srv.URL + "/shows.json"
	srv.Close()
	_, err := OpenURL(u, nil).List(ctx)
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "url "+u+": dial tcp "), err.Error())
	assert.Contains(t, err.Error(), "connection refused")

	// A slow feed is given up on at the client's timeout.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	defer slow.Close()
	_, err = OpenURL(slow.URL+"/shows.json", &http.Client{Timeout: 100 * time.Millisecond}).List(ctx)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Client.Timeout exceeded")
}

func TestURL_onlyHTTPS(t *testing.T) {
	for _, u := range []string{"https://calendar.example.com/shows.json", "http://127.0.0.1:8080/x", "http://[::1]:8080/x", "http://localhost/x"} {
		assert.NoError(t, CheckURL(u), u)
	}
	cases := map[string]string{
		"http://calendar.example.com/shows.json":     `"http://calendar.example.com/shows.json" is not HTTPS: the calendar is read over https:// (http:// only from 127.0.0.1, for tests)`,
		"ftp://calendar.example.com/shows.json":      `"ftp://calendar.example.com/shows.json" is not a URL: write one such as "https://calendar.example.com/shows.json"`,
		"calendar.example.com/shows.json":            `"calendar.example.com/shows.json" is not a URL: write one such as "https://calendar.example.com/shows.json"`,
		"":                                           `"" is not a URL: write one such as "https://calendar.example.com/shows.json"`,
		"https://ops:s3cret@example.com/x?token=abc": "",
	}
	for u, want := range cases {
		err := CheckURL(u)
		if want == "" {
			assert.NoError(t, err, u)
			continue
		}
		require.Error(t, err, u)
		assert.Equal(t, want, err.Error())
	}
	_, err := OpenURL("http://calendar.example.com/shows.json", nil).List(context.Background())
	require.Error(t, err)
	assert.Equal(t, `url http://calendar.example.com/shows.json: "http://calendar.example.com/shows.json" is not HTTPS: the calendar is read over https:// (http:// only from 127.0.0.1, for tests)`, err.Error())

	// Messages never carry a password or a token in the query.
	src := OpenURL("https://ops:s3cret@example.com/shows.json?token=abc", nil)
	assert.Equal(t, "url https://ops:xxxxx@example.com/shows.json?…", src.Describe())

	// Nor does a redirect take the feed off HTTPS.
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://calendar.example.com/shows.json", http.StatusFound)
	}))
	defer redirect.Close()
	_, err = OpenURL(redirect.URL+"/shows.json", nil).List(context.Background())
	require.Error(t, err)
	assert.Equal(t, "url "+redirect.URL+`/shows.json: "http://calendar.example.com/shows.json" is not HTTPS: the calendar is read over https:// (http:// only from 127.0.0.1, for tests)`, err.Error())

	// The default client gives up after 30 seconds.
	us, ok := OpenURL("https://example.com/x", nil).(*urlSource)
	require.True(t, ok)
	assert.Equal(t, 30*time.Second, us.client.Timeout)
}
