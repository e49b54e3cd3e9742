package config

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/notify"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
)

func writeConfig(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "stacks", "ticketing"), 0o755))
	p := filepath.Join(dir, "hotshow.hcl")
	require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	return p
}

func TestLoad_full(t *testing.T) { // not parallel: it sets the token's variable
	t.Setenv("HOTSHOW_TEST_SYNC_TOKEN", "s3cret")
	p := writeConfig(t, `
terraform {
  binary  = "tofu"
  version = ">= 1.6.0"
}
store "file" { path = "state/ledger.db" }
policy {
  mode       = "no-destroy"
  on_refusal = "apply-allowed"
  allow {
    resource_type = "aws_instance"
    attributes    = ["instance_type"]
  }
}
orchestrator {
  resync_interval = "1m"
  retry_backoff   = "5s"
  retry_max       = "1m"
  parallelism     = 8
  lease_ttl       = "30s"
  shutdown_grace  = "2m"
  lock_timeout    = "90s"
  watch_interval  = "500ms"
  sync_token_env  = "HOTSHOW_TEST_SYNC_TOKEN"
  holder          = "replica-1"
  preplan         = "2m"
  preplan_min     = "10s"
  preplan_max     = "5m"
  checks_at       = ["-15m", "-24h", "0s"]
  checks_after_transition = false
}
stack "ticketing" {
  dir       = "stacks/ticketing"
  workspace = "prod"
  var_files = ["prod.tfvars"]
  vars      = { region = "ap-southeast-2" }
  env       = { AWS_PROFILE = "ops" }
}
`)
	c, err := Load(p)
	require.NoError(t, err)
	dir := filepath.Dir(p)
	assert.Equal(t, "tofu", c.Binary)
	assert.Equal(t, ">= 1.6.0", c.Version.String())
	assert.Equal(t, Store{Kind: "file", Path: filepath.Join(dir, "state", "ledger.db")}, c.Store)
	assert.Equal(t, policy.Policy{Mode: policy.NoDestroy, OnRefusal: policy.ApplyAllowed, Allow: []policy.AllowRule{{ResourceType: "aws_instance", Attributes: []string{"instance_type"}}}}, c.Policy)
	assert.Equal(t, []time.Duration{time.Minute, 5 * time.Second, time.Minute, 30 * time.Second, 2 * time.Minute, 90 * time.Second, 500 * time.Millisecond},
		[]time.Duration{c.ResyncInterval, c.RetryBackoff, c.RetryMax, c.LeaseTTL, c.ShutdownGrace, c.LockTimeout, c.WatchInterval})
	assert.Equal(t, "s3cret", c.SyncToken)
	assert.Equal(t, 8, c.Parallelism)
	assert.Equal(t, "replica-1", c.Holder)
	assert.Equal(t, Preplan{Fixed: 2 * time.Minute, Min: 10 * time.Second, Max: 5 * time.Minute}, c.Preplan)
	assert.Equal(t, Checks{At: []time.Duration{-24 * time.Hour, -15 * time.Minute, 0}}, c.Checks, "earliest first")
	require.Len(t, c.Stacks, 1)
	assert.Equal(t, Stack{Name: "ticketing", Dir: filepath.Join(dir, "stacks", "ticketing"), Workspace: "prod",
		VarFiles: []string{filepath.Join(dir, "stacks", "ticketing", "prod.tfvars")},
		Vars:     map[string]string{"region": "ap-southeast-2"}, Env: map[string]string{"AWS_PROFILE": "ops"}}, c.Stacks[0])
}

func TestLoad_dynamodb(t *testing.T) {
	t.Parallel()
	p := writeConfig(t, `store "dynamodb" {
  table    = "hotshow"
  region   = "ap-southeast-2"
  endpoint = "http://127.0.0.1:8000"
  profile  = "ops"
}
stack "ticketing" { dir = "stacks/ticketing" }`)
	c, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, Store{Kind: "dynamodb", Dynamo: DynamoDB{Table: "hotshow", Region: "ap-southeast-2", Endpoint: "http://127.0.0.1:8000", Profile: "ops"}}, c.Store)
}

func TestLoad_defaults(t *testing.T) {
	t.Parallel()
	p := writeConfig(t, `stack "ticketing" { dir = "stacks/ticketing" }`)
	c, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, "terraform", c.Binary)
	assert.Equal(t, ">= 1.5.0", c.Version.String())
	assert.Equal(t, filepath.Join(filepath.Dir(p), ".hotshow", "orchestrator.db"), c.Store.Path)
	assert.Equal(t, policy.CapacityOnly, c.Policy.Mode)
	assert.Equal(t, DefaultParallelism, c.Parallelism)
	assert.Equal(t, Checks{At: []time.Duration{-24 * time.Hour, -15 * time.Minute}, After: true}, c.Checks)
	assert.Equal(t, []time.Duration{DefaultLockTimeout, DefaultWatchInterval}, []time.Duration{c.LockTimeout, c.WatchInterval})
	assert.Empty(t, c.SyncToken)
	assert.Equal(t, "default", c.Stacks[0].Workspace)
	assert.NotEmpty(t, c.Holder)
}

func TestLoad_errors(t *testing.T) {
	t.Parallel()
	const stack = "\nstack \"ticketing\" { dir = \"stacks/ticketing\" }\n"
	tests := []struct {
		name, body, want string
	}{
		{"syntax", `stack "x" {`, `hotshow.hcl:1,11-12: Unclosed configuration block`},
		{"unknown block", `cron { }` + stack, `hotshow.hcl:1,1-5: Unsupported block type; Blocks of type "cron" are not expected here.`},
		{"unknown attribute", `terraform { path = "x" }` + stack, `hotshow.hcl:1,13-17: Unsupported argument; An argument named "path" is not expected here.`},
		{"missing dir", `stack "x" { }`, `hotshow.hcl:1,11-11: Missing required argument; The argument "dir" is required, but no definition was found.`},
		{"no stacks", `terraform { binary = "terraform" }`, `No stacks; The configuration must declare at least one stack`},
		{"bad version", `terraform { version = "newest" }` + stack, `hotshow.hcl:1,13-31: Invalid terraform.version; "newest" is not a version constraint`},
		{"empty binary", `terraform { binary = "" }` + stack, `hotshow.hcl:1,13-24: Invalid terraform.binary`},
		{"unsupported store", `store "s3" { path = "x" }` + stack, `hotshow.hcl:1,1-11: Unsupported store; store "s3" is not supported`},
		{"bad mode", `policy { mode = "yolo" }` + stack, `hotshow.hcl:1,10-23: Invalid policy.mode; "yolo" is not a policy mode: use "capacity-only", "no-destroy" or "any".`},
		{"bad on_refusal", `policy { on_refusal = "apply-some" }` + stack, `hotshow.hcl:1,10-35: Invalid policy.on_refusal; "apply-some" is not a choice: use "refuse-plan" (apply nothing of a plan the policy refuses in part; the default) or "apply-allowed" (apply the resources it allows).`},
		{"bad allow selector", "policy {\n  allow {\n    resource_type = \"aws_servicecatalog_provisioned_product\"\n    attributes = [\"value\", \"provisioning_parameters[NodeCount].value\"]\n  }\n}\n" + stack,
			`hotshow.hcl:4,5-71: Invalid policy allow attribute; allow "aws_servicecatalog_provisioned_product": "provisioning_parameters[NodeCount].value": selector [NodeCount] must be [key=...] or [name=...].`},
		{"bad allow pattern", "policy {\n  allow {\n    resource_type = \"aws_instance\"\n    attributes = [\"tags.[\"]\n  }\n}\n" + stack,
			`hotshow.hcl:4,5-28: Invalid policy allow attribute; allow "aws_instance": "tags.[": segment "[" is not a name or name[attribute=key].`},
		{"bad duration", `orchestrator { retry_backoff = "soon" }` + stack, `hotshow.hcl:1,16-38: Invalid orchestrator.retry_backoff; "soon" is not a positive duration`},
		{"bad lock timeout", `orchestrator { lock_timeout = "0s" }` + stack, `hotshow.hcl:1,16-35: Invalid orchestrator.lock_timeout; "0s" is not a positive duration`},
		{"unset sync token", `orchestrator { sync_token_env = "HOTSHOW_TEST_UNSET_VARIABLE" }` + stack, `hotshow.hcl:1,16-62: Empty orchestrator.sync_token_env; the environment variable HOTSHOW_TEST_UNSET_VARIABLE named by sync_token_env is not set or empty.`},
		{"bad show_changes", `policy { show_changes = "always" }` + stack, `hotshow.hcl:1,10-33: Invalid policy.show_changes; "always" is not a choice: use "refuse" (no run creates, changes or destroys a hotshow_show; the default) or "calendar" (a run the calendar asked for may).`},
		{"calendar of an unknown stack", `calendar "file" {
  path  = "calendar.json"
  stack = "calendr"
}` + stack, `hotshow.hcl:3,3-20: Unknown calendar.stack; stack "calendr" is not a stack of this file: name the one whose hotshow_calendar reads the calendar (one of [ticketing]).`},
		{"unsupported calendar", `calendar "postgres" { stack = "ticketing" }` + stack, `hotshow.hcl:1,1-20: Unsupported calendar; calendar "postgres" is not supported`},
		{"calendar table missing", `calendar "dynamodb" {
  region = "ap-southeast-2"
  stack  = "ticketing"
}` + stack, `hotshow.hcl:1,1-20: Missing calendar.table; calendar "dynamodb" needs table`},
		{"calendar file with a table", `calendar "file" {
  path  = "calendar.json"
  table = "shows"
  stack = "ticketing"
}` + stack, `hotshow.hcl:3,3-18: Unexpected calendar.table; calendar "file" takes no table.`},
		{"bad poll_interval", `calendar "file" {
  path          = "calendar.json"
  stack         = "ticketing"
  poll_interval = "often"
}` + stack, `hotshow.hcl:4,3-26: Invalid calendar.poll_interval; "often" is not a positive duration such as "1m"`},
		{"intake without a calendar", `intake {
  listen     = "0.0.0.0:9798"
  secret_env = "HOTSHOW_TEST_INTAKE_SECRET"
}` + stack, `hotshow.hcl:1,1-7: Intake without a calendar; the intake writes requests to the calendar: add a calendar block`},
		{"intake secret unset", `calendar "file" {
  path  = "calendar.json"
  stack = "ticketing"
}
intake {
  listen     = "0.0.0.0:9798"
  secret_env = "HOTSHOW_TEST_UNSET_SECRET"
}` + stack, `hotshow.hcl:7,3-43: Empty intake.secret_env; the environment variable HOTSHOW_TEST_UNSET_SECRET named by secret_env is not set or empty`},
		{"intake on the status server's address", `calendar "file" {
  path  = "calendar.json"
  stack = "ticketing"
}
intake {
  listen     = "127.0.0.1:9797"
  secret_env = "HOTSHOW_TEST_INTAKE_SECRET"
}` + stack, `hotshow.hcl:6,3-32: Invalid intake.listen; "127.0.0.1:9797" is the status server's address (orchestrator.listen): the intake needs its own.`},
		{"bad preplan", `orchestrator { preplan = "early" }` + stack, `hotshow.hcl:1,16-33: Invalid orchestrator.preplan; "early" is not "auto", "off" or a positive duration such as "2m" (how far ahead of each transition to plan it).`},
		{"negative preplan", `orchestrator { preplan = "-1m" }` + stack, `hotshow.hcl:1,16-31: Invalid orchestrator.preplan; "-1m" is not "auto", "off" or a positive duration`},
		{"preplan bounds crossed", `orchestrator {
  preplan_min = "5m"
  preplan_max = "1m"
}` + stack, `hotshow.hcl:2,3-21: Invalid orchestrator.preplan_min; preplan_min (5m0s) is longer than preplan_max (1m0s).`},
		{"checks_at after the on-sale", `orchestrator { checks_at = ["-15m", "+5m"] }` + stack, `hotshow.hcl:1,16-43: Invalid orchestrator.checks_at; checks_at[1] is "+5m", after the on-sale: readiness is checked before it`},
		{"checks_at not an offset", `orchestrator { checks_at = ["15 minutes"] }` + stack, `hotshow.hcl:1,16-42: Invalid orchestrator.checks_at; checks_at[0]: "15 minutes" is not an offset: write a signed duration such as "-60m"`},
		{"checks_at twice", `orchestrator { checks_at = ["-15m", "-15m"] }` + stack, `hotshow.hcl:1,16-44: Invalid orchestrator.checks_at; checks_at[1] "-15m" is given twice.`},
		{"checks_after_transition not a bool", `orchestrator { checks_after_transition = "yes please" }` + stack, `checks_after_transition`},
		{"bad preplan_max", `orchestrator { preplan_max = "never" }` + stack, `hotshow.hcl:1,16-37: Invalid orchestrator.preplan_max; "never" is not a positive duration`},
		{"zero parallelism", `orchestrator { parallelism = 0 }` + stack, `hotshow.hcl:1,16-31: Invalid orchestrator.parallelism; parallelism is 0`},
		{"duplicate stack", stack + stack, `hotshow.hcl:4,1-18: Duplicate stack; A stack named "ticketing" is already declared`},
		{"bad dir of a second stack", stack + `stack "other" { dir = "nowhere" }`, `hotshow.hcl:3,17-32: Invalid stack dir; stack "other": dir "nowhere" is not a directory.`},
		{"missing dir on disk", `stack "x" { dir = "nowhere" }`, `hotshow.hcl:1,13-28: Invalid stack dir; stack "x": dir "nowhere" is not a directory.`},
		{"dynamodb without table", `store "dynamodb" { region = "ap-southeast-2" }` + stack, `hotshow.hcl:1,1-17: Missing store.table; store "dynamodb" needs table`},
		{"dynamodb with path", `store "dynamodb" {
  table  = "t"
  region = "r"
  path   = "x"
}` + stack, `hotshow.hcl:4,3-15: Unexpected store.path; store "dynamodb" takes no path.`},
		{"file with table", `store "file" { table = "t" }` + stack, `hotshow.hcl:1,16-27: Unexpected store.table; store "file" takes no table.`},
		{"wrong type", `orchestrator { parallelism = "four" }` + stack, `hotshow.hcl:1,31-35: Unsuitable value type; Unsuitable value: a number is required`},
		{"bad listen", `orchestrator { listen = "9797" }` + stack, `hotshow.hcl:1,16-31: Invalid orchestrator.listen; "9797" is not a host:port such as "127.0.0.1:9797"`},
		{"unsupported notify", `notify "email" { url = "https://x" }` + stack, `hotshow.hcl:1,1-15: Unsupported notify; notify "email" is not supported: use notify "webhook"`},
		{"notify without url", `notify "webhook" { }` + stack, `hotshow.hcl:1,1-17: Missing notify url; notify "webhook" needs url = "https://..." or url_env`},
		{"notify url and url_env", `notify "webhook" {
  url     = "https://x"
  url_env = "HOOK"
}` + stack, `Conflicting notify url; notify "webhook" takes url or url_env, not both.`},
		{"notify relative url", `notify "webhook" { url = "hooks/secret-token" }` + stack, `hotshow.hcl:1,20-46: Invalid notify url; the webhook url must be an absolute http:// or https:// URL.`},
		{"second notify's url", `notify "webhook" { url = "https://x" }
notify "webhook" { url = "hooks/secret-token" }` + stack, `hotshow.hcl:2,20-46: Invalid notify url; the webhook url must be an absolute http:// or https:// URL.`},
		{"second notify without url", `notify "webhook" { url = "https://x" }
notify "webhook" { }` + stack, `hotshow.hcl:2,1-17: Missing notify url`},
		{"notify unset env", `notify "webhook" { url_env = "HOTSHOW_TEST_UNSET_VARIABLE" }` + stack, `Empty notify url_env; the environment variable HOTSHOW_TEST_UNSET_VARIABLE named by url_env is not set or empty.`},
		{"notify bad event", `notify "webhook" {
  url    = "https://x"
  events = ["applied", "deployed"]
}` + stack, `hotshow.hcl:3,3-35: Invalid notify event; "deployed" is not an event: use any of applied, refused, failed, reminder, not-ready.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(writeConfig(t, tt.body))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "secret-token", "a webhook url is never echoed")
		})
	}
}

func TestLoad_notify(t *testing.T) {
	t.Setenv("HOTSHOW_TEST_HOOK", "https://hooks.example.com/T000/B000/XXXX")
	c, err := Load(writeConfig(t, `
notify "webhook" { url_env = "HOTSHOW_TEST_HOOK" }
notify "webhook" {
  url    = "http://127.0.0.1:8080/alerts"
  events = ["refused", "failed"]
}
orchestrator { listen = "" }
stack "ticketing" { dir = "stacks/ticketing" }
`))
	require.NoError(t, err)
	assert.Equal(t, []notify.Destination{
		{Kind: "webhook", URL: "https://hooks.example.com/T000/B000/XXXX", Events: notify.Events},
		{Kind: "webhook", URL: "http://127.0.0.1:8080/alerts", Events: []string{"refused", "failed"}},
	}, c.Notify)
	assert.Empty(t, c.Listen, "no status server")
}

// TestParseConfig_errorOrder: a file with many errors gives the same
// errors in the same order, in source order, every time.
func TestParseConfig_errorOrder(t *testing.T) {
	t.Parallel()
	p := writeConfig(t, `terraform { binary = "" }
store "dynamodb" {
  path     = "x"
  endpoint = "http://127.0.0.1:8000"
}
orchestrator {
  retry_backoff = "soon"
  lease_ttl     = "-1s"
  parallelism   = 0
  listen        = "9797"
}
notify "webhook" { url = "relative" }
notify "webhook" { events = ["deployed"] }
stack "a" { dir = "nowhere" }
stack "a" { dir = "stacks/ticketing" }
`)
	src, err := os.ReadFile(p)
	require.NoError(t, err)
	where := func() []string {
		_, err := Parse(src, p)
		var diags hcl.Diagnostics
		require.ErrorAs(t, err, &diags)
		var out []string
		for _, d := range diags {
			out = append(out, fmt.Sprintf("%d,%d-%d %s", d.Subject.Start.Line, d.Subject.Start.Column, d.Subject.End.Column, d.Summary))
		}
		return out
	}
	first := where()
	for range 20 {
		require.Equal(t, first, where())
	}
	assert.Equal(t, []string{
		"1,13-24 Invalid terraform.binary", "2,1-17 Missing store.table", "2,1-17 Missing store.region", "3,3-17 Unexpected store.path",
		"7,3-25 Invalid orchestrator.retry_backoff", "8,3-24 Invalid orchestrator.lease_ttl", "9,3-20 Invalid orchestrator.parallelism",
		"10,3-25 Invalid orchestrator.listen", "12,20-36 Invalid notify url", "13,1-17 Missing notify url",
		"14,13-28 Invalid stack dir", "15,1-10 Duplicate stack",
	}, first, "in source order, each at its own block: the second notify and the second stack included")
}

func TestPreplanLead(t *testing.T) {
	auto := Preplan{Min: 30 * time.Second, Max: 10 * time.Minute}
	for _, tc := range []struct {
		name    string
		p       Preplan
		slowest time.Duration
		want    time.Duration
	}{
		{"no plan measured: the minimum", auto, 0, 30 * time.Second},
		{"a fast plan: the minimum", auto, 2 * time.Second, 30 * time.Second},
		{"a slow plan: four times it", auto, 24 * time.Second, 96 * time.Second},
		{"a very slow plan: the maximum", auto, 5 * time.Minute, 10 * time.Minute},
		{"fixed", Preplan{Fixed: time.Minute, Min: 30 * time.Second, Max: 10 * time.Minute}, 5 * time.Minute, time.Minute},
		{"off", Preplan{Off: true, Min: 30 * time.Second, Max: 10 * time.Minute}, time.Second, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.p.Lead(tc.slowest))
		})
	}
}

func TestLoad_calendarAndIntake(t *testing.T) {
	t.Setenv("HOTSHOW_TEST_INTAKE_SECRET", "s3cret")
	p := writeConfig(t, `calendar "dynamodb" {
  table         = "hotshow-calendar"
  region        = "ap-southeast-2"
  endpoint      = "http://127.0.0.1:8000"
  stack         = "ticketing"
  poll_interval = "30s"
}
intake {
  listen     = "0.0.0.0:9798"
  secret_env = "HOTSHOW_TEST_INTAKE_SECRET"
  horizon    = "4380h"
}
policy { show_changes = "calendar" }
stack "ticketing" { dir = "stacks/ticketing" }`)
	c, err := Load(p)
	require.NoError(t, err)
	assert.Equal(t, &Calendar{Kind: "dynamodb", Dynamo: DynamoDB{Table: "hotshow-calendar", Region: "ap-southeast-2", Endpoint: "http://127.0.0.1:8000"}, Stack: "ticketing", PollInterval: 30 * time.Second}, c.Calendar)
	assert.Equal(t, &Intake{Listen: "0.0.0.0:9798", Secret: "s3cret", Horizon: 4380 * time.Hour}, c.Intake)
	assert.Equal(t, policy.ShowChangesCalendar, c.Policy.ShowChanges)

	f, err := Load(writeConfig(t, `calendar "file" {
  path  = "calendar.json"
  stack = "ticketing"
}
stack "ticketing" { dir = "stacks/ticketing" }`))
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(filepath.Dir(f.Path), "calendar.json"), f.Calendar.Path)
	assert.Equal(t, DefaultCalendarPoll, f.Calendar.PollInterval)
	assert.Nil(t, f.Intake, "the intake is off without its block")
}
