package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMain_badInvocations(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "hotshow.hcl")
	require.NoError(t, os.WriteFile(good, []byte(`stack "s" { dir = "." }`+"\n"+`terraform { binary = "/nonexistent/terraform" }`), 0o644))
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no command", nil, ExitUsage, "usage: hotshow-orchestrator <command>"},
		{"unknown command", []string{"launch"}, ExitUsage, `unknown command "launch"`},
		{"unknown flag", []string{"run", "-verbose"}, ExitUsage, "flag provided but not defined: -verbose"},
		{"stray argument", []string{"run", "extra"}, ExitUsage, "unexpected arguments: extra"},
		{"bad log format", []string{"run", "-config", good, "-log-format", "xml"}, ExitUsage, `-log-format "xml": use text or json`},
		{"preview without at", []string{"preview", "-config", good}, ExitUsage, "preview needs -at, an RFC 3339 instant"},
		{"missing config", []string{"validate", "-config", filepath.Join(dir, "none.hcl")}, ExitUsage, "configuration: reading the configuration: open "},
		{"binary not found", []string{"validate", "-config", good}, ExitUsage, `terraform binary "/nonexistent/terraform" not found`},
		{"bad within", []string{"schedule", "-within", "a week"}, ExitUsage, `invalid value "a week" for flag -within`},
		{"bad limit", []string{"history", "-limit", "many"}, ExitUsage, `invalid value "many" for flag -limit`},
		{"bad listen", []string{"run", "-config", good, "-listen", "everywhere"}, ExitUsage, `-listen "everywhere": not a host:port`},
		{"report bad from", []string{"report", "-config", good, "-from", "monday"}, ExitUsage, `-from: "monday" is not an RFC 3339 timestamp`},
		{"report until before from", []string{"report", "-config", good, "-from", "2026-12-02T00:00:00Z", "-until", "2026-12-01T00:00:00Z"}, ExitUsage, "-until 2026-12-01T00:00:00Z is not after -from 2026-12-02T00:00:00Z"},
		{"report bad price", []string{"report", "-config", good, "-price", "web=cheap"}, ExitUsage, `-price: price "web=cheap": "cheap" is not a non-negative number`},
		{"report bad format", []string{"report", "-config", good, "-format", "xlsx"}, ExitUsage, `-format "xlsx": use table, csv or json`},
		{"another command's flag", []string{"history", "-config", good, "-price", "web=1"}, ExitUsage, "flag provided but not defined: -price"},
		{"preview flag on run", []string{"run", "-config", good, "-at", "2026-12-01T00:00:00Z"}, ExitUsage, "flag provided but not defined: -at"},
		{"listen on tick", []string{"tick", "-config", good, "-listen", "off"}, ExitUsage, "flag provided but not defined: -listen"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), tt.args, &stdout, &stderr)
			assert.Equal(t, tt.code, code)
			assert.Contains(t, stderr.String(), tt.want)
		})
	}
}

func TestMain_previewBadInstant(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hotshow.hcl")
	require.NoError(t, os.WriteFile(cfg, []byte(`stack "s" { dir = "." }`), 0o644))
	var stdout, stderr bytes.Buffer
	// The instant is checked before Terraform is looked for.
	code := Main(context.Background(), []string{"preview", "-config", cfg, "-at", "tomorrow 9am"}, &stdout, &stderr)
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr.String(), `-at: "tomorrow 9am" is not an RFC 3339 timestamp with an offset`)
}

func TestMain_historyNeedsNoTerraform(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hotshow.hcl")
	require.NoError(t, os.WriteFile(cfg, []byte(`stack "s" { dir = "." }`+"\n"+`terraform { binary = "/nonexistent/terraform" }`), 0o644))
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"history", "-config", cfg}, &stdout, &stderr)
	assert.Equal(t, ExitOK, code, stderr.String())
	assert.Contains(t, stdout.String(), "STACK")
}

// TestMain_everyConfigurationError: a file with several errors gets them
// all, one a line, each with its place.
func TestMain_everyConfigurationError(t *testing.T) {
	t.Parallel()
	cfg := filepath.Join(t.TempDir(), "hotshow.hcl")
	require.NoError(t, os.WriteFile(cfg, []byte("orchestrator { parallelism = 0 }\nstack \"s\" { dir = \"nowhere\" }\n"), 0o644))
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"validate", "-config", cfg}, &stdout, &stderr)
	assert.Equal(t, ExitUsage, code)
	assert.Equal(t, "configuration: "+cfg+":1,16-31: Invalid orchestrator.parallelism; parallelism is 0: it must be 1 or more (stacks run at once).\n"+
		"configuration: "+cfg+`:2,13-28: Invalid stack dir; stack "s": dir "nowhere" is not a directory.`+"\n", stderr.String())
}

func TestTerminalProgress(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	p := terminalProgress(&b)
	p("discovering stacks", 1, 3)
	p("discovering stacks", 3, 3)
	assert.Equal(t, "\r\033[Kdiscovering stacks 1/3\r\033[K", b.String(), "one redrawn line, cleared at the end")
	assert.False(t, isTerminal(&b), "a buffer is not a terminal: no progress in logs or pipes")
}

func TestMain_sync(t *testing.T) { // not parallel: it sets the token's variable
	var mu sync.Mutex
	var got []string
	daemon := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		if strings.HasSuffix(r.URL.Path, "/down") {
			http.Error(w, "no stack named \"down\" is configured", http.StatusNotFound)
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(daemon.Close)
	t.Setenv("HOTSHOW_TEST_SYNC_TOKEN", "tok")
	cfg := filepath.Join(t.TempDir(), "hotshow.hcl")
	require.NoError(t, os.WriteFile(cfg, []byte("orchestrator { sync_token_env = \"HOTSHOW_TEST_SYNC_TOKEN\" }\nstack \"a\" { dir = \".\" }\nstack \"b\" { dir = \".\" }\nstack \"down\" { dir = \".\" }\n"), 0o644))
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"sync", "-config", cfg, "-url", daemon.URL, "-stack", "b"}, &stdout, &stderr)
	assert.Equal(t, ExitOK, code, stderr.String())
	assert.Equal(t, "stack b: sync requested\n", stdout.String())
	mu.Lock()
	assert.Equal(t, []string{"POST /sync/b Bearer tok"}, got)
	mu.Unlock()

	stdout.Reset()
	code = Main(context.Background(), []string{"sync", "-config", cfg, "-url", daemon.URL}, &stdout, &stderr)
	assert.Equal(t, ExitFailed, code)
	assert.Equal(t, "stack a: sync requested\nstack b: sync requested\n", stdout.String())
	assert.Contains(t, stderr.String(), `stack down: the daemon answered 404 Not Found: no stack named "down" is configured`)

	code = Main(context.Background(), []string{"sync", "-config", cfg, "-stack", "nowhere"}, &stdout, &stderr)
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr.String(), `-stack "nowhere": no such stack in `)
}

// TestMain_version needs no configuration; the release stamps the version.
func TestMain_version(t *testing.T) {
	t.Parallel()
	var stdout, stderr bytes.Buffer
	assert.Equal(t, ExitOK, Main(context.Background(), []string{"version"}, &stdout, &stderr))
	assert.Equal(t, "hotshow-orchestrator dev\n", stdout.String())
	assert.Empty(t, stderr.String())
}

// TestMain_readyBadInstant: ready's -at is checked like preview's.
func TestMain_readyBadInstant(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hotshow.hcl")
	require.NoError(t, os.WriteFile(cfg, []byte(`stack "s" { dir = "." }`), 0o644))
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"ready", "-config", cfg, "-at", "15 minutes before"}, &stdout, &stderr)
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr.String(), `-at: "15 minutes before" is not an RFC 3339 timestamp with an offset`)
}
