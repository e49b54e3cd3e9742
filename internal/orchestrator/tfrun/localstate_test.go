package tfrun

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
