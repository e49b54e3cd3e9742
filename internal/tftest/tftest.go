// Package tftest runs the real Terraform (or OpenTofu) CLI against the real
// hotshow provider binary, installed from a filesystem mirror, for tests.
package tftest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/hotshow/terraform-provider-hotshow/internal/providermirror"
	"github.com/hotshow/terraform-provider-hotshow/internal/tfenv"
)

// ProviderVersion is the version the test mirror serves the provider as.
const ProviderVersion = "0.0.1"

// TerraformPath returns the CLI binary named by TF_ACC_TERRAFORM_PATH, and
// skips the test unless TF_ACC is set (like terraform-plugin-testing) or
// under go test -short.
func TerraformPath(t testing.TB) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" || testing.Short() {
		t.Skip("set TF_ACC=1 and TF_ACC_TERRAFORM_PATH to run tests against the real Terraform CLI (make testacc does); skipped under -short")
	}
	p := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if p == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must name the Terraform or OpenTofu binary to test with")
	}
	return p
}

// Mirror builds the provider from this module's source, mirrors it in a
// temporary directory and returns the path of a CLI configuration using it.
func Mirror(t *testing.T) string {
	t.Helper()
	cfg, err := providermirror.Build(t.TempDir(), ProviderVersion)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// Workdir writes files into a fresh working directory, runs init there with
// the CLI configuration cliConfig, and returns the Terraform handle with env
// set for every later command.
func Workdir(t *testing.T, cliConfig string, files map[string]string, env map[string]string) *tfexec.Terraform {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tf, err := tfexec.NewTerraform(dir, TerraformPath(t))
	if err != nil {
		t.Fatal(err)
	}
	tf.SetStdout(logWriter{t})
	tf.SetStderr(logWriter{t})
	SetEnv(t, tf, cliConfig, env)
	if err := tf.Init(context.Background()); err != nil {
		t.Fatalf("terraform init: %v", err)
	}
	return tf
}

// SetEnv gives tf the process environment, the CLI configuration and the
// variables in env.
func SetEnv(t *testing.T, tf *tfexec.Terraform, cliConfig string, env map[string]string) {
	t.Helper()
	all := map[string]string{"TF_CLI_CONFIG_FILE": cliConfig, "CHECKPOINT_DISABLE": "1"}
	for k, v := range env {
		all[k] = v
	}
	if err := tf.SetEnv(tfenv.Merge(all)); err != nil {
		t.Fatal(err)
	}
}

type logWriter struct{ t *testing.T }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Logf("%s", p)
	return len(p), nil
}
