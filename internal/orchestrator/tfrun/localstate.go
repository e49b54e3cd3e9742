package tfrun

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// localStatePath returns the state file of a stack on the local backend
// (no backend configured, or backend "local"), for reading without starting
// Terraform; ok is false for any other backend, whose state only Terraform
// can fetch. Terraform records the initialised backend in
// .terraform/terraform.tfstate.
func localStatePath(dir, workspace string) (string, bool) {
	var backend struct {
		Backend *struct {
			Type   string `json:"type"`
			Config struct {
				Path         *string `json:"path"`
				WorkspaceDir *string `json:"workspace_dir"`
			} `json:"config"`
		} `json:"backend"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, ".terraform", "terraform.tfstate"))
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return "", false
	default:
		if json.Unmarshal(raw, &backend) != nil || (backend.Backend != nil && backend.Backend.Type != "local") {
			return "", false
		}
	}
	if workspace == "" || workspace == "default" {
		if backend.Backend != nil && backend.Backend.Config.Path != nil {
			return filepath.Join(dir, *backend.Backend.Config.Path), true
		}
		return filepath.Join(dir, "terraform.tfstate"), true
	}
	wsDir := "terraform.tfstate.d"
	if backend.Backend != nil && backend.Backend.Config.WorkspaceDir != nil {
		wsDir = *backend.Backend.Config.WorkspaceDir
	}
	return filepath.Join(dir, wsDir, workspace, "terraform.tfstate"), true
}
