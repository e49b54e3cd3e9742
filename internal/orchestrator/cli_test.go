package orchestrator

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
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
