package tfrun

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
)

func TestLocalStatePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, backend, workspace, want string
		ok                             bool
	}{
		{"no backend", "", "default", "terraform.tfstate", true},
		{"no backend, workspace", "", "prod", "terraform.tfstate.d/prod/terraform.tfstate", true},
		{"local with path", `{"backend":{"type":"local","config":{"path":"state/x.tfstate"}}}`, "default", "state/x.tfstate", true},
		{"local with workspace dir", `{"backend":{"type":"local","config":{"workspace_dir":"ws"}}}`, "prod", "ws/prod/terraform.tfstate", true},
		{"s3", `{"backend":{"type":"s3","config":{"bucket":"b"}}}`, "default", "", false},
		{"unreadable backend file", `{`, "default", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.backend != "" {
				require.NoError(t, os.MkdirAll(filepath.Join(dir, ".terraform"), 0o755))
				require.NoError(t, os.WriteFile(filepath.Join(dir, ".terraform", "terraform.tfstate"), []byte(tt.backend), 0o644))
			}
			got, ok := localStatePath(dir, tt.workspace)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, filepath.Join(dir, tt.want), got)
			}
		})
	}
}

func TestStatePull_local(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := &tfRunner{stack: config.Stack{Name: "s", Dir: dir, Workspace: "default"}}
	doc, err := r.StatePull(context.Background())
	require.NoError(t, err)
	assert.Nil(t, doc, "never applied: an empty state")
	stamp, ok := r.StateStamp()
	assert.True(t, ok)
	assert.Equal(t, "absent", stamp)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "terraform.tfstate"), []byte(`{"version":4}`), 0o644))
	doc, err = r.StatePull(context.Background())
	require.NoError(t, err)
	assert.JSONEq(t, `{"version":4}`, string(doc))
	stamp2, _ := r.StateStamp()
	assert.NotEqual(t, stamp, stamp2)

	require.NoError(t, os.RemoveAll(dir))
	_, err = r.StatePull(context.Background())
	assert.ErrorContains(t, err, "stack directory: stat "+dir+": no such file or directory", "a stack gone is not a stack without shows")
}
