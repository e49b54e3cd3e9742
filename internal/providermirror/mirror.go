// Package providermirror installs a locally built hotshow provider (and a
// test's stand-ins for others) the way Terraform and OpenTofu install
// providers offline: as a filesystem mirror, under both registry hosts, with
// a CLI configuration that points at it.
package providermirror

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
)

// Hosts are the registry hosts the provider is mirrored under: Terraform
// resolves "hotshow/hotshow" on the first, OpenTofu on the second.
var Hosts = []string{"registry.terraform.io", "registry.opentofu.org"}

// Install copies the provider binary into dir as version (such as "0.1.0")
// for this machine's platform, under every host in Hosts.
func Install(binary, dir, version string) error {
	return InstallAs(binary, dir, "hotshow", "hotshow", version)
}

// InstallAs copies a provider binary into dir as namespace/name at version
// (a test's stand-in for hashicorp/aws, say), under every host in Hosts.
func InstallAs(binary, dir, namespace, name, version string) error {
	platform := runtime.GOOS + "_" + runtime.GOARCH
	for _, host := range Hosts {
		dst := filepath.Join(dir, host, namespace, name, version, platform, "terraform-provider-"+name+"_v"+version)
		if err := copyExecutable(binary, dst); err != nil {
			return fmt.Errorf("mirroring the provider for %s: %w", host, err)
		}
	}
	return nil
}

// CLIConfig returns a CLI configuration that installs providers from the
// mirror at dir only (built-in providers such as terraform_data need none).
func CLIConfig(dir string) string {
	return fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %s\n  }\n}\n", strconv.Quote(dir))
}

func copyExecutable(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

// Build compiles the provider from this module (go on PATH, run from inside
// the module), mirrors it under dir/mirror and writes dir/cli.tfrc, whose
// path it returns: set TF_CLI_CONFIG_FILE to it.
func Build(dir, version string) (string, error) {
	bin := filepath.Join(dir, "bin", "terraform-provider-hotshow")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/hotshow/terraform-provider-hotshow").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("building the provider: %w\n%s", err, out)
	}
	if err := Install(bin, MirrorDir(dir), version); err != nil {
		return "", err
	}
	return WriteCLIConfig(dir)
}

// MirrorDir is the filesystem mirror of a directory Build or
// WriteCLIConfig sets up: more providers may be installed there.
func MirrorDir(dir string) string { return filepath.Join(dir, "mirror") }

// WriteCLIConfig writes dir/cli.tfrc, a CLI configuration that installs
// providers from MirrorDir(dir) only, and returns its path.
func WriteCLIConfig(dir string) (string, error) {
	cfg := filepath.Join(dir, "cli.tfrc")
	return cfg, os.WriteFile(cfg, []byte(CLIConfig(MirrorDir(dir))), 0o644)
}
