package releasetest

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/gohcl"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/hotshow/terraform-provider-hotshow/internal/providermirror"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

const (
	root    = "../.."
	project = "terraform-provider-hotshow"
)

// release is what goreleaser produced for this machine's platform.
type release struct {
	version string
	zip     string            // the provider's archive
	sums    map[string]string // SHA256SUMS: file name to hex digest
}

func (r release) zipName() string {
	return fmt.Sprintf("%s_%s_%s_%s.zip", project, r.version, runtime.GOOS, runtime.GOARCH)
}

func (r release) manifestName() string {
	return fmt.Sprintf("%s_%s_manifest.json", project, r.version)
}

// goreleaser finds the binary: HOTSHOW_GORELEASER (the GNUmakefile sets it),
// else PATH. A missing one fails: an untested release is not passed.
func goreleaser(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("HOTSHOW_GORELEASER"); p != "" {
		return p
	}
	p, err := exec.LookPath("goreleaser")
	require.NoError(t, err, "goreleaser is needed to pack the release (make testacc installs it; or set HOTSHOW_GORELEASER)")
	return p
}

// snapshot runs `goreleaser release --snapshot` as make release-snapshot
// does, with the repository's configuration narrowed to this machine's
// platform (the other five cost minutes and are not installed here) and
// its output in dir.
func snapshot(t *testing.T, dir string) release {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(root, ".goreleaser.yml"))
	require.NoError(t, err)
	var cfg map[string]any
	require.NoError(t, yaml.Unmarshal(src, &cfg))
	builds, ok := cfg["builds"].([]any)
	require.True(t, ok && len(builds) > 0, ".goreleaser.yml has builds")
	for _, b := range builds {
		build, ok := b.(map[string]any)
		require.True(t, ok, "a build is a mapping")
		build["goos"] = []string{runtime.GOOS}
		build["goarch"] = []string{runtime.GOARCH}
	}
	dist := filepath.Join(dir, "dist")
	cfg["dist"] = dist
	narrowed, err := yaml.Marshal(cfg)
	require.NoError(t, err)
	cfgPath := filepath.Join(dir, "goreleaser.yml")
	require.NoError(t, os.WriteFile(cfgPath, narrowed, 0o644))

	start := time.Now()
	cmd := exec.CommandContext(t.Context(), goreleaser(t), "release", "--snapshot", "--clean", "--skip=sign", "--config", cfgPath)
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "goreleaser:\n%s", out)
	t.Logf("goreleaser packed the release in %s", time.Since(start).Round(100*time.Millisecond))

	var meta struct {
		ProjectName string `json:"project_name"`
		Version     string `json:"version"`
	}
	b, err := os.ReadFile(filepath.Join(dist, "metadata.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &meta))
	require.Equal(t, project, meta.ProjectName)
	require.NotEmpty(t, meta.Version)
	r := release{version: meta.Version, sums: map[string]string{}}
	r.zip = filepath.Join(dist, r.zipName())

	// The registry reads SHA256SUMS as sha256sum writes it.
	sums, err := os.ReadFile(filepath.Join(dist, fmt.Sprintf("%s_%s_SHA256SUMS", project, r.version)))
	require.NoError(t, err)
	line := regexp.MustCompile(`^([0-9a-f]{64})  (\S+)$`)
	for _, l := range strings.Split(strings.TrimSuffix(string(sums), "\n"), "\n") {
		m := line.FindStringSubmatch(l)
		require.NotNil(t, m, "SHA256SUMS line %q", l)
		r.sums[m[2]] = m[1]
	}
	return r
}

// TestRelease packs the release, then installs its zip through a filesystem
// mirror as an offline user would, with the lock file a registry install
// writes: Terraform records "zh:" hashes (the zip's SHA-256 from SHA256SUMS)
// only from a registry's signed checksums, and checks any it is given, so
// the test gives it that one and lets init verify the zip against it.
func TestRelease(t *testing.T) {
	tftest.TerraformPath(t) // skips without TF_ACC
	r := snapshot(t, t.TempDir())

	t.Run("archive", func(t *testing.T) {
		zr, err := zip.OpenReader(r.zip)
		require.NoError(t, err)
		defer func() { _ = zr.Close() }()
		binary := fmt.Sprintf("%s_v%s", project, r.version)
		if runtime.GOOS == "windows" {
			binary += ".exe"
		}
		var names []string
		for _, f := range zr.File {
			names = append(names, f.Name)
			if runtime.GOOS != "windows" {
				assert.NotZero(t, f.Mode().Perm()&0o100, "%s is executable", f.Name)
			}
		}
		assert.Equal(t, []string{binary}, names, "the zip holds the provider binary alone")

		assert.Equal(t, r.sums[r.zipName()], sha256File(t, r.zip), "SHA256SUMS lists the zip's digest")
		manifest := filepath.Join(root, "terraform-registry-manifest.json")
		assert.Equal(t, r.sums[r.manifestName()], sha256File(t, manifest), "SHA256SUMS lists the registry manifest")
		var m struct {
			Version  int `json:"version"`
			Metadata struct {
				ProtocolVersions []string `json:"protocol_versions"`
			} `json:"metadata"`
		}
		b, err := os.ReadFile(manifest)
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(b, &m))
		assert.Equal(t, 1, m.Version)
		assert.Equal(t, []string{"6.0"}, m.Metadata.ProtocolVersions, "terraform-plugin-framework serves protocol 6")
	})

	t.Run("orchestrator archive", func(t *testing.T) {
		if runtime.GOOS == "windows" {
			t.Skip("the orchestrator's Windows archive is a zip; this reads the tar.gz of Linux and macOS")
		}
		name := fmt.Sprintf("hotshow-orchestrator_%s_%s_%s.tar.gz", r.version, runtime.GOOS, runtime.GOARCH)
		archive := filepath.Join(filepath.Dir(r.zip), name)
		assert.Equal(t, r.sums[name], sha256File(t, archive), "SHA256SUMS lists the orchestrator's archive")
		f, err := os.Open(archive)
		require.NoError(t, err)
		defer func() { _ = f.Close() }()
		gz, err := gzip.NewReader(f)
		require.NoError(t, err)
		tr := tar.NewReader(gz)
		bin := filepath.Join(t.TempDir(), "hotshow-orchestrator")
		var names []string
		for {
			h, err := tr.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err)
			names = append(names, h.Name)
			if h.Name == "hotshow-orchestrator" {
				out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
				require.NoError(t, err)
				_, err = io.Copy(out, tr)
				require.NoError(t, err)
				require.NoError(t, out.Close())
			}
		}
		assert.ElementsMatch(t, []string{"hotshow-orchestrator", "README.md", "CHANGELOG.md"}, names)
		out, err := exec.Command(bin, "version").Output()
		require.NoError(t, err)
		assert.Equal(t, "hotshow-orchestrator "+r.version+"\n", string(out), "the release stamps its version")
	})

	t.Run("installs and plans", func(t *testing.T) {
		t.Parallel()
		zh := r.sums[r.zipName()]
		require.NotEmpty(t, zh, "SHA256SUMS lists %s", r.zipName())
		onSale := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Hour)
		tf := tftest.Workdir(t, mirror(t, r), workFiles(r, zh, onSale), nil)

		address, version, hashes := readLock(t, filepath.Join(tf.WorkingDir(), ".terraform.lock.hcl"))
		assert.Equal(t, host()+"/hotshow/hotshow", address)
		assert.Equal(t, r.version, version)
		assert.ElementsMatch(t, []string{"zh:" + zh, h1(t, r.zip)}, hashes,
			"the zip's SHA-256 as SHA256SUMS lists it, and the hash of its contents init computed")

		plan := filepath.Join(tf.WorkingDir(), "tfplan")
		changes, err := tf.Plan(t.Context(), tfexec.Out(plan))
		require.NoError(t, err)
		assert.True(t, changes)
		p, err := tf.ShowPlanFile(t.Context(), plan)
		require.NoError(t, err)
		require.Len(t, p.ResourceChanges, 1)
		rc := p.ResourceChanges[0]
		assert.Equal(t, "hotshow_show.release", rc.Address)
		assert.Equal(t, host()+"/hotshow/hotshow", rc.ProviderName)
		assert.True(t, rc.Change.Actions.Create())
		after, ok := rc.Change.After.(map[string]any)
		require.True(t, ok, "planned values: %#v", rc.Change.After)
		assert.Equal(t, "Release check", after["name"])
		// Computed by the provider from the venue-local offset.
		assert.Equal(t, onSale.UTC().Format(time.RFC3339), after["on_sale_at_utc"])
	})

	// The check above is live: a lock file naming another digest from the
	// same SHA256SUMS makes init refuse the zip.
	t.Run("refuses a zip the lock file does not name", func(t *testing.T) {
		t.Parallel()
		other := r.sums[r.manifestName()]
		require.NotEmpty(t, other)
		require.NotEqual(t, r.sums[r.zipName()], other)
		dir := t.TempDir()
		for name, body := range workFiles(r, other, time.Now().Add(30*24*time.Hour).Truncate(time.Hour)) {
			require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644))
		}
		tf, err := tfexec.NewTerraform(dir, tftest.TerraformPath(t))
		require.NoError(t, err)
		tftest.SetEnv(t, tf, mirror(t, r), nil)
		err = tf.Init(t.Context())
		require.Error(t, err)
		assert.Regexp(t, `doesn't\s+match\s+any\s+of\s+the\s+checksums`, err.Error())
	})
}

// host is the registry host the CLI under test resolves "hotshow/hotshow" on.
func host() string {
	if h := os.Getenv("TF_ACC_PROVIDER_HOST"); h != "" {
		return h
	}
	return "registry.terraform.io"
}

// mirror puts the zip in a filesystem mirror in the packed layout
// (HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_TARGET.zip) under both
// registry hosts and returns a CLI configuration that installs hotshow from
// it. There is no direct block: nothing else may be installed, so init
// never reaches the network.
func mirror(t *testing.T, r release) string {
	t.Helper()
	dir := t.TempDir()
	var include []string
	for _, h := range providermirror.Hosts {
		dst := filepath.Join(dir, "mirror", h, "hotshow", "hotshow", r.zipName())
		require.NoError(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		b, err := os.ReadFile(r.zip)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(dst, b, 0o644))
		include = append(include, fmt.Sprintf("%q", h+"/hotshow/hotshow"))
	}
	cfg := filepath.Join(dir, "cli.tfrc")
	body := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [%s]\n  }\n}\n",
		filepath.Join(dir, "mirror"), strings.Join(include, ", "))
	require.NoError(t, os.WriteFile(cfg, []byte(body), 0o644))
	return cfg
}

// workFiles is a configuration requiring the release's version, with one
// show on sale at onSale (written in Brisbane's offset, which has no summer
// time), and a lock file naming the zip by the digest zh.
func workFiles(r release, zh string, onSale time.Time) map[string]string {
	brisbane := time.FixedZone("AEST", 10*60*60)
	return map[string]string{
		"main.tf": fmt.Sprintf(`terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow", version = %q }
  }
}

resource "hotshow_show" "release" {
  name       = "Release check"
  on_sale_at = %q
  time_zone  = "Australia/Brisbane"
  baseline   = { web = 1 }
  phases     = [{ name = "peak", start = "-5m", capacity = { web = 4 } }]
  end        = "+1h"
}
`, r.version, onSale.In(brisbane).Format(time.RFC3339)),
		".terraform.lock.hcl": fmt.Sprintf(`provider %q {
  version = %q
  hashes  = [%q]
}
`, host()+"/hotshow/hotshow", r.version, "zh:"+zh),
	}
}

// lockFile is what the test reads of .terraform.lock.hcl.
type lockFile struct {
	Providers []struct {
		Address string   `hcl:"address,label"`
		Version string   `hcl:"version"`
		Hashes  []string `hcl:"hashes"`
		Rest    hcl.Body `hcl:",remain"`
	} `hcl:"provider,block"`
}

// readLock reads the one provider a lock file records.
func readLock(t *testing.T, path string) (address, version string, hashes []string) {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCLFile(path)
	require.False(t, diags.HasErrors(), diags.Error())
	var lock lockFile
	diags = gohcl.DecodeBody(f.Body, nil, &lock)
	require.False(t, diags.HasErrors(), diags.Error())
	require.Len(t, lock.Providers, 1, "one provider in\n%s", f.Bytes)
	p := lock.Providers[0]
	return p.Address, p.Version, p.Hashes
}

func sha256File(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// h1 is the "h1:" hash Terraform computes of a provider zip (Go's dirhash
// Hash1 over the files in it): the SHA-256 of one line "<sha256>  <name>\n"
// per file, in order of name, in base64.
func h1(t *testing.T, path string) string {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer func() { _ = zr.Close() }()
	files := slices.Clone(zr.File)
	slices.SortFunc(files, func(a, b *zip.File) int { return strings.Compare(a.Name, b.Name) })
	sum := sha256.New()
	for _, f := range files {
		rc, err := f.Open()
		require.NoError(t, err)
		h := sha256.New()
		_, err = io.Copy(h, rc)
		require.NoError(t, err)
		require.NoError(t, rc.Close())
		fmt.Fprintf(sum, "%x  %s\n", h.Sum(nil), f.Name)
	}
	return "h1:" + base64.StdEncoding.EncodeToString(sum.Sum(nil))
}
