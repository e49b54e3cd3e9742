// Package deploy holds the deployment recipes; its tests check each one with
// the tool that would reject it in production: systemd-analyze for the
// units, the Kubernetes API types (strict decoding) for the manifests,
// actionlint for the CI workflows, the orchestrator's own parser for the
// configuration they carry, and a lint of the Dockerfile.
package deploy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
)

// tool finds a checker: the environment variable the GNUmakefile sets, else
// PATH. A missing tool fails the test: an unchecked recipe is not passed.
func tool(t *testing.T, env, name string) string {
	t.Helper()
	if p := os.Getenv(env); p != "" {
		return p
	}
	p, err := exec.LookPath(name)
	require.NoError(t, err, "%s is needed to check this recipe (make test installs it; or set %s)", name, env)
	return p
}

func TestSystemdUnits(t *testing.T) {
	t.Parallel()
	analyze := tool(t, "HOTSHOW_SYSTEMD_ANALYZE", "systemd-analyze")
	dir := t.TempDir()
	// verify checks that ExecStart's binary exists: point the units at a
	// freshly built one.
	bin := filepath.Join(dir, "hotshow-orchestrator")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/hotshow/terraform-provider-hotshow/cmd/hotshow-orchestrator").CombinedOutput()
	require.NoError(t, err, string(out))
	units := []string{"hotshow-orchestrator.service", "hotshow-tick.service", "hotshow-tick.timer"}
	var paths []string
	for _, u := range units {
		src, err := os.ReadFile(filepath.Join("systemd", u))
		require.NoError(t, err)
		body := strings.ReplaceAll(string(src), "/usr/local/bin/hotshow-orchestrator", bin)
		p := filepath.Join(dir, u)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
		paths = append(paths, p)
		if strings.HasSuffix(u, ".service") {
			assert.Contains(t, body, "-config /etc/hotshow/hotshow.hcl", u)
			assert.Regexp(t, `(?m)^TimeoutStopSec=16min$`, body, "%s: longer than the default shutdown_grace", u)
		}
	}
	cmd := exec.Command(analyze, append([]string{"verify", "--man=no"}, paths...)...)
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	// Unknown keys and bad values are warnings with exit status 0: none allowed.
	assert.Empty(t, strings.TrimSpace(string(out)))
	grace := config.DefaultShutdownGrace
	assert.Less(t, grace, 16*time.Minute)
}

// manifests decodes every document of a YAML file strictly (an unknown or
// misspelt field is an error) into the Kubernetes type its kind names.
func manifests(t *testing.T, file string) []any {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("kubernetes", file))
	require.NoError(t, err)
	var out []any
	for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(src), -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var meta struct {
			APIVersion string `json:"apiVersion"`
			Kind       string `json:"kind"`
		}
		require.NoError(t, yaml.Unmarshal([]byte(doc), &meta), "%s document %d", file, i)
		var obj any
		switch meta.APIVersion + " " + meta.Kind {
		case "apps/v1 Deployment":
			obj = &appsv1.Deployment{}
		case "batch/v1 CronJob":
			obj = &batchv1.CronJob{}
		case "v1 ConfigMap":
			obj = &corev1.ConfigMap{}
		case "v1 ServiceAccount":
			obj = &corev1.ServiceAccount{}
		case "v1 Service":
			obj = &corev1.Service{}
		case "policy/v1 PodDisruptionBudget":
			obj = &policyv1.PodDisruptionBudget{}
		default:
			t.Fatalf("%s document %d: unexpected %s %s", file, i, meta.APIVersion, meta.Kind)
		}
		require.NoError(t, yaml.UnmarshalStrict([]byte(doc), obj), "%s document %d", file, i)
		out = append(out, obj)
	}
	return out
}

func TestKubernetesManifests(t *testing.T) { // not parallel: sets the webhook's variable
	cm := as[*corev1.ConfigMap](t, manifests(t, "configmap.yaml")[0])
	cfg := parseConfig(t, cm.Data["hotshow.hcl"])
	assert.Equal(t, "dynamodb", cfg.Store.Kind, "two replicas need the shared store")
	assert.Equal(t, "0.0.0.0:9797", cfg.Listen, "probes reach the status server from outside the pod")
	require.Len(t, cfg.Notify, 1)

	objs := manifests(t, "deployment.yaml")
	require.Len(t, objs, 3)
	d := as[*appsv1.Deployment](t, objs[0])
	assert.Equal(t, int32(2), *d.Spec.Replicas)
	pod := d.Spec.Template.Spec
	require.Len(t, pod.Containers, 1)
	c := pod.Containers[0]
	assert.Equal(t, []string{"run", "-config", "/etc/hotshow/hotshow.hcl", "-log-format", "json"}, c.Args)
	assert.Equal(t, "/readyz", c.ReadinessProbe.HTTPGet.Path)
	assert.Equal(t, "/healthz", c.LivenessProbe.HTTPGet.Path)
	assert.Equal(t, int32(9797), c.Ports[0].ContainerPort)
	assert.Greater(t, time.Duration(*pod.TerminationGracePeriodSeconds)*time.Second, cfg.ShutdownGrace, "Kubernetes must wait for an apply to finish")
	assert.Equal(t, cm.Name, pod.Volumes[0].ConfigMap.Name)
	assert.Equal(t, d.Spec.Selector.MatchLabels, d.Spec.Template.Labels)
	assert.Equal(t, d.Spec.Selector.MatchLabels, as[*policyv1.PodDisruptionBudget](t, objs[1]).Spec.Selector.MatchLabels)
	assert.Equal(t, d.Spec.Selector.MatchLabels, as[*corev1.Service](t, objs[2]).Spec.Selector)
	sa := as[*corev1.ServiceAccount](t, manifests(t, "serviceaccount.yaml")[0])
	assert.Equal(t, sa.Name, pod.ServiceAccountName)

	cj := as[*batchv1.CronJob](t, manifests(t, "cronjob.yaml")[0])
	assert.Equal(t, "* * * * *", cj.Spec.Schedule)
	assert.Equal(t, batchv1.ForbidConcurrent, cj.Spec.ConcurrencyPolicy)
	jc := cj.Spec.JobTemplate.Spec.Template.Spec.Containers[0]
	assert.Equal(t, "tick", jc.Args[0])
	assert.Equal(t, c.Image, jc.Image)
}

// as is a checked conversion of a decoded manifest.
func as[T any](t *testing.T, v any) T {
	t.Helper()
	out, ok := v.(T)
	require.True(t, ok, "got %T", v)
	return out
}

// parseConfig checks an orchestrator configuration with the orchestrator's
// parser, its stack directories created in a scratch root.
func parseConfig(t *testing.T, src string) *config.Config {
	t.Helper()
	root := t.TempDir()
	body := strings.ReplaceAll(src, `"/stacks/`, `"`+root+`/stacks/`)
	for _, m := range regexp.MustCompile(`dir\s*=\s*"([^"]+)"`).FindAllStringSubmatch(body, -1) {
		require.NoError(t, os.MkdirAll(m[1], 0o755))
	}
	t.Setenv("HOTSHOW_SLACK_URL", "https://hooks.example.com/services/T0/B0/X")
	t.Setenv("HOTSHOW_SYNC_TOKEN", "a-shared-token")
	cfg, err := config.Parse([]byte(body), filepath.Join(root, "hotshow.hcl"))
	require.NoError(t, err)
	return cfg
}

// TestCIWorkflows lints every workflow under ci/, so a new one is checked
// without a test of its own.
func TestCIWorkflows(t *testing.T) {
	t.Parallel()
	actionlint := tool(t, "HOTSHOW_ACTIONLINT", "actionlint")
	var workflows []string
	for _, pattern := range []string{"*.yml", "*.yaml"} {
		m, err := filepath.Glob(filepath.Join("ci", pattern))
		require.NoError(t, err)
		workflows = append(workflows, m...)
	}
	assert.Contains(t, workflows, filepath.Join("ci", "capacity.yml"))
	assert.Contains(t, workflows, filepath.Join("ci", "release.yml"))
	for _, wf := range workflows {
		out, err := exec.Command(actionlint, "-no-color", wf).CombinedOutput()
		assert.NoError(t, err, "actionlint %s:\n%s", wf, out)
	}
}

func TestCIWorkflow(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("ci", "capacity.yml"))
	require.NoError(t, err)
	var wf struct {
		Jobs map[string]struct {
			Needs       any    `json:"needs"`
			Environment string `json:"environment"`
			If          string `json:"if"`
		} `json:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(src, &wf))
	assert.Contains(t, wf.Jobs["plan"].If, "pull_request", "pull requests are planned")
	assert.Equal(t, "production", wf.Jobs["apply"].Environment, "the apply waits for the environment's reviewers")
	assert.Equal(t, "plan-main", wf.Jobs["apply"].Needs, "and applies the plan they saw")
	assert.Contains(t, string(src), "terraform apply -lock-timeout=5m -no-color tfplan", "applies the saved plan, waiting for a run holding the state lock")
	apply := strings.Index(string(src), "terraform apply -lock-timeout=5m")
	sync := strings.Index(string(src), "hotshow-orchestrator sync -config hotshow.hcl -stack ticketing")
	assert.Greater(t, sync, apply, "then tells the daemon, so a moved show is on time")
}

// TestReleaseWorkflow checks that a tag publishes what make
// release-snapshot builds: the same goreleaser, the signing key imported
// for .goreleaser.yml's signs section, and the tags goreleaser reads.
func TestReleaseWorkflow(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(filepath.Join("ci", "release.yml"))
	require.NoError(t, err)
	type step struct {
		ID   string            `json:"id"`
		Uses string            `json:"uses"`
		With map[string]any    `json:"with"`
		Env  map[string]string `json:"env"`
	}
	var wf struct {
		// The YAML 1.1 this decoder reads takes the key "on" for true.
		On struct {
			Push struct {
				Tags []string `json:"tags"`
			} `json:"push"`
		} `json:"true"`
		Permissions map[string]string `json:"permissions"`
		Jobs        map[string]struct {
			Steps []step `json:"steps"`
		} `json:"jobs"`
	}
	require.NoError(t, yaml.Unmarshal(src, &wf))
	assert.Equal(t, []string{"v*"}, wf.On.Push.Tags)
	assert.Equal(t, "write", wf.Permissions["contents"], "uploads the release's assets")
	require.Len(t, wf.Jobs, 1)
	steps := map[string]step{}
	for _, job := range wf.Jobs {
		for _, s := range job.Steps {
			action, _, _ := strings.Cut(s.Uses, "@")
			steps[action] = s
		}
	}
	assert.EqualValues(t, 0, steps["actions/checkout"].With["fetch-depth"], "goreleaser needs the tags")
	assert.Equal(t, "go.mod", steps["actions/setup-go"].With["go-version-file"])
	gpg := steps["crazy-max/ghaction-import-gpg"]
	require.NotEmpty(t, gpg.ID)
	gr := steps["goreleaser/goreleaser-action"]
	assert.Equal(t, "release --clean", gr.With["args"])
	assert.Equal(t, "${{ steps."+gpg.ID+".outputs.fingerprint }}", gr.Env["GPG_FINGERPRINT"])

	mk, err := os.ReadFile(filepath.Join("..", "GNUmakefile"))
	require.NoError(t, err)
	pinned := regexp.MustCompile(`goreleaser/v2@(v[0-9.]+)`).FindSubmatch(mk)
	require.NotNil(t, pinned, "the GNUmakefile pins goreleaser")
	assert.Equal(t, string(pinned[1]), gr.With["version"], "the goreleaser make release-snapshot runs")

	cfg, err := os.ReadFile(filepath.Join("..", ".goreleaser.yml"))
	require.NoError(t, err)
	assert.Contains(t, string(cfg), "{{ .Env.GPG_FINGERPRINT }}", ".goreleaser.yml signs with the imported key")
}

// TestDockerfile lints the image recipe (no Docker daemon runs here): pinned
// bases, an unprivileged user, exec-form entrypoint, the provider where the
// CLI configuration's mirror looks, and files that exist.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	instrs := dockerInstructions(t, filepath.Join("container", "Dockerfile"))
	var froms, users, copies []string
	var entrypoint string
	for _, in := range instrs {
		op, arg, _ := strings.Cut(in, " ")
		switch strings.ToUpper(op) {
		case "FROM":
			froms = append(froms, arg)
		case "USER":
			users = append(users, arg)
		case "COPY":
			copies = append(copies, arg)
		case "ENTRYPOINT":
			entrypoint = arg
		}
	}
	require.Len(t, froms, 2, "a build stage and a runtime stage")
	for _, f := range froms {
		image, _, _ := strings.Cut(f, " ")
		assert.Regexp(t, `:[^:]+$`, image, "base image %s has a tag", image)
		assert.NotContains(t, image, ":latest")
	}
	require.NotEmpty(t, users)
	assert.NotContains(t, []string{"root", "0"}, users[len(users)-1], "runs unprivileged")
	var ep []string
	require.NoError(t, json.Unmarshal([]byte(entrypoint), &ep), "ENTRYPOINT in exec form, so SIGTERM reaches the orchestrator")
	assert.Equal(t, []string{"/usr/local/bin/hotshow-orchestrator"}, ep)
	var mirrored []string
	for _, c := range copies {
		if strings.HasPrefix(c, "--from=") {
			if strings.Contains(c, "/usr/share/terraform/plugins/") {
				mirrored = append(mirrored, c)
			}
			continue
		}
		for _, src := range strings.Fields(c)[:len(strings.Fields(c))-1] {
			_, err := os.Stat(filepath.Join("..", src))
			assert.NoError(t, err, "COPY source %s exists", src)
		}
	}
	assert.Len(t, mirrored, 2, "the provider under both registry hosts")
	for _, host := range []string{"registry.terraform.io", "registry.opentofu.org"} {
		found := false
		for _, m := range mirrored {
			found = found || strings.Contains(m, "/plugins/"+host+"/hotshow/hotshow/${PROVIDER_VERSION}/${TARGETOS}_${TARGETARCH}/terraform-provider-hotshow_v${PROVIDER_VERSION}")
		}
		assert.True(t, found, "mirrored for %s in the layout Terraform reads", host)
	}
	rc, err := os.ReadFile(filepath.Join("container", "terraformrc"))
	require.NoError(t, err)
	_, diags := hclparse.NewParser().ParseHCL(rc, "terraformrc")
	require.False(t, diags.HasErrors(), diags.Error())
	assert.Contains(t, string(rc), `path    = "/usr/share/terraform/plugins"`)
}

// dockerInstructions reads a Dockerfile's instructions, continuation lines
// joined, comments dropped.
func dockerInstructions(t *testing.T, path string) []string {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	var cur bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(src))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasSuffix(line, `\`) {
			cur.WriteString(strings.TrimSuffix(line, `\`) + " ")
			continue
		}
		cur.WriteString(line)
		out = append(out, strings.Join(strings.Fields(cur.String()), " "))
		cur.Reset()
	}
	require.NoError(t, sc.Err())
	return out
}
