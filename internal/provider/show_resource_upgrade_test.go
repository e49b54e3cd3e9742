package provider

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/providermirror"
	"github.com/hotshow/terraform-provider-hotshow/internal/showstate"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

// previousVersionCommit is the last commit whose hotshow_show has schema
// version 0 (schedule as a nested object).
const previousVersionCommit = "2b1c0a44ad7f90197b981f636a1b9b71a97df124"

// v0Fixture is a stack applied with that version; see its README.md.
const v0Fixture = "testdata/show-v0"

// msgSchedule is the schedule of the fixture's unapproved show.
const msgSchedule = `{"name":"MSG","on_sale_at":"2027-03-14T14:00:00Z","approved":false,"baseline":{"web":0},"steps":[]}`

// stateDoc is the part of a state document these tests read and rewrite.
type stateDoc struct {
	Version   int    `json:"version"`
	Serial    int64  `json:"serial"`
	Lineage   string `json:"lineage"`
	Resources []struct {
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Provider  string `json:"provider"`
		Instances []struct {
			SchemaVersion int                        `json:"schema_version"`
			Attributes    map[string]json.RawMessage `json:"attributes"`
		} `json:"instances"`
	} `json:"resources"`
}

// fixtureState reads the fixture's state document and its shows'
// attributes by resource name.
func fixtureState(t *testing.T) ([]byte, map[string]map[string]json.RawMessage) {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(v0Fixture, "terraform.tfstate"))
	require.NoError(t, err)
	var st stateDoc
	require.NoError(t, json.Unmarshal(doc, &st))
	shows := map[string]map[string]json.RawMessage{}
	for _, r := range st.Resources {
		if r.Mode == "managed" && r.Type == "hotshow_show" {
			require.Len(t, r.Instances, 1)
			require.Equal(t, 0, r.Instances[0].SchemaVersion, "the fixture is a state of schema version 0")
			shows[r.Name] = r.Instances[0].Attributes
		}
	}
	require.Len(t, shows, 2)
	return doc, shows
}

// TestShowResource_upgradeStateV0 upgrades the shows of a state written by
// schema version 0 through the provider's protocol server, as Terraform
// does before it plans: the schedule becomes the JSON the show computes,
// and every other attribute is kept.
func TestShowResource_upgradeStateV0(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	_, shows := fixtureState(t)
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	require.NoError(t, err)
	want := map[string]string{"eras": erasSchedule(120), "msg": msgSchedule}
	for name, attrs := range shows {
		raw, err := json.Marshal(attrs)
		require.NoError(t, err)
		resp, err := server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
			TypeName: "hotshow_show", Version: 0, RawState: &tfprotov6.RawState{JSON: raw},
		})
		require.NoError(t, err)
		require.Empty(t, resp.Diagnostics, name)

		schema := showSchema()
		v, err := resp.UpgradedState.Unmarshal(schema.Type().TerraformType(ctx))
		require.NoError(t, err)
		var got showResourceModelV1
		require.False(t, tfsdk.State{Schema: schema, Raw: v}.Get(ctx, &got).HasError())
		assert.Equal(t, want[name], got.Schedule.ValueString(), "%s: schedule", name)

		var kept map[string]any
		require.NoError(t, json.Unmarshal(raw, &kept))
		for attr, value := range map[string]string{
			"id": got.ID.ValueString(), "name": got.Name.ValueString(), "on_sale_at": got.OnSaleAt.ValueString(),
			"time_zone": got.TimeZone.ValueString(), "lead": got.Lead.ValueString(), "end": got.End.ValueString(),
			"on_sale_at_utc": got.OnSaleAtUTC.ValueString(),
		} {
			assert.Equal(t, kept[attr], value, "%s: %s", name, attr)
		}
		assert.Equal(t, kept["approved"], got.Approved.ValueBool(), "%s: approved", name)
		phases, ok := kept["phases"].([]any)
		require.True(t, ok, "%s: phases", name)
		assert.Len(t, got.Phases.Elements(), len(phases), "%s: phases", name)
		assert.Equal(t, kept["baseline"] == nil, got.Baseline.IsNull(), "%s: baseline", name)
	}
}

// TestShowResource_upgradeStateV0_orchestratorReadsBoth: the orchestrator
// reads the same shows from the state before and after the upgrade.
func TestShowResource_upgradeStateV0_orchestratorReadsBoth(t *testing.T) {
	t.Parallel()
	doc, _ := fixtureState(t)
	before, err := showstate.Parse(doc)
	require.NoError(t, err)
	require.Len(t, before.Shows, 2)

	var st stateDoc
	require.NoError(t, json.Unmarshal(doc, &st))
	want := map[string]string{"eras": erasSchedule(120), "msg": msgSchedule}
	for _, r := range st.Resources {
		if r.Type != "hotshow_show" {
			continue
		}
		schedule, err := json.Marshal(want[r.Name])
		require.NoError(t, err)
		r.Instances[0].SchemaVersion = 1
		r.Instances[0].Attributes["schedule"] = schedule
	}
	upgraded, err := json.Marshal(st)
	require.NoError(t, err)
	after, err := showstate.Parse(upgraded)
	require.NoError(t, err)
	assert.Equal(t, before, after)
}

// TestAccShowResource_upgradeFromV0State plans and applies, with the real
// CLI and the current provider, a stack whose state the previous version
// wrote: the plan has no change at all, the applied state holds schedules
// as JSON, the orchestrator reads the same shows from both states, and a
// later change to a show renders structurally inside the JSON.
func TestAccShowResource_upgradeFromV0State(t *testing.T) {
	t.Parallel()
	tftest.TerraformPath(t) // skips without TF_ACC, before building anything
	ctx := context.Background()
	doc, _ := fixtureState(t)
	config, err := os.ReadFile(filepath.Join(v0Fixture, "main.tf"))
	require.NoError(t, err)
	cli := tftest.Mirror(t)
	tf := tftest.Workdir(t, cli, map[string]string{"main.tf": string(config), "terraform.tfstate": string(doc)}, nil)

	changed, err := tf.Plan(ctx)
	require.NoError(t, err)
	assert.False(t, changed, "the upgraded state plans no change")

	require.NoError(t, tf.Apply(ctx))
	pulled, err := tf.StatePull(ctx)
	require.NoError(t, err)
	var st stateDoc
	require.NoError(t, json.Unmarshal([]byte(pulled), &st))
	want := map[string]string{"eras": erasSchedule(120), "msg": msgSchedule}
	for _, r := range st.Resources {
		if r.Type == "hotshow_show" {
			assert.Equal(t, 1, r.Instances[0].SchemaVersion, r.Name)
			var schedule string
			require.NoError(t, json.Unmarshal(r.Instances[0].Attributes["schedule"], &schedule), "%s: the schedule is a string", r.Name)
			assert.Equal(t, want[r.Name], schedule, r.Name)
		}
	}
	before, err := showstate.Parse(doc)
	require.NoError(t, err)
	after, err := showstate.Parse([]byte(pulled))
	require.NoError(t, err)
	assert.Equal(t, before.Shows, after.Shows)

	// A change to the peak's capacity, as a pull request would show it.
	require.NoError(t, os.WriteFile(filepath.Join(tf.WorkingDir(), "main.tf"),
		[]byte(strings.Replace(string(config), "web = 120", "web = 150", 1)), 0o644))
	changed, err = tf.Plan(ctx, tfexec.Out("tfplan"))
	require.NoError(t, err)
	require.True(t, changed)
	shown, err := tf.ShowPlanFileRaw(ctx, "tfplan")
	require.NoError(t, err)
	t.Logf("%s", shown)
	for _, want := range []string{
		`~ resource "hotshow_show" "eras"`,
		`~ schedule\s+= jsonencode\(`,
		`~ steps\s+= \[`,
		`~ web = 120 -> 150`,
	} {
		assert.Regexp(t, regexp.MustCompile(want), shown)
	}
	assert.NotContains(t, shown, `hotshow_show.msg`, "the other show is unchanged")
}

// TestAccShowResource_upgradeFromPreviousVersion applies a show with the
// previous version of the provider (built from its commit and installed
// from a filesystem mirror as 0.1.0), then plans it with this one.
func TestAccShowResource_upgradeFromPreviousVersion(t *testing.T) {
	config := testAccShowResourceConfig_eras(120)
	resource.Test(t, resource.TestCase{
		PreCheck: func() {
			testAccPreCheck(t)
			t.Setenv("TF_CLI_CONFIG_FILE", previousVersionMirror(t))
		},
		Steps: []resource.TestStep{
			{
				ExternalProviders: map[string]resource.ExternalProvider{"hotshow": {Source: "hotshow/hotshow", VersionConstraint: "0.1.0"}},
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{
					// Version 0: an object.
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("schedule").AtMapKey("name"), knownvalue.StringExact("Eras Tour — Sydney N1")),
				},
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("schedule"), knownvalue.StringExact(erasSchedule(120))),
				},
			},
			{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Config:                   testAccShowResourceConfig_eras(150),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("hotshow_show.eras", plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("hotshow_show.eras", tfjsonpath.New("schedule"), knownvalue.StringExact(erasSchedule(150))),
				},
			},
		},
	})
}

// previousVersionMirror builds the provider at previousVersionCommit,
// installs it as 0.1.0 in a filesystem mirror and returns the path of a CLI
// configuration that installs from it.
func previousVersionMirror(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	archive := exec.Command("git", "archive", "--format=tar", previousVersionCommit)
	archive.Dir = filepath.Join("..", "..")
	var stderr strings.Builder
	archive.Stderr = &stderr
	out, err := archive.StdoutPipe()
	require.NoError(t, err)
	if err := archive.Start(); err != nil {
		t.Skipf("git is needed to build the previous version from commit %s: %v", previousVersionCommit, err)
	}
	extractErr := untar(out, src)
	_, _ = io.Copy(io.Discard, out) // let git finish writing whatever was left
	if err := archive.Wait(); err != nil {
		t.Skipf("the previous version's source (commit %s) is not in this clone: %v: %s", previousVersionCommit, err, stderr.String())
	}
	require.NoError(t, extractErr)
	bin := filepath.Join(dir, "terraform-provider-hotshow")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = src
	built, err := build.CombinedOutput()
	require.NoError(t, err, "building the previous version: %s", built)
	require.NoError(t, providermirror.Install(bin, providermirror.MirrorDir(dir), "0.1.0"))
	cfg, err := providermirror.WriteCLIConfig(dir)
	require.NoError(t, err)
	return cfg
}

// untar extracts the regular files and directories of a tar stream into dir.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		target := filepath.Join(dir, filepath.FromSlash(h.Name))
		if !strings.HasPrefix(target, filepath.Clean(dir)+string(os.PathSeparator)) {
			continue
		}
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, os.FileMode(h.Mode)&0o755|0o600)
			if err != nil {
				return err
			}
			if _, err := io.Copy(f, tr); err != nil {
				_ = f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
		}
	}
}
