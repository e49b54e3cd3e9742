package e2etest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/awsstandin"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

const ticketing = "../../../examples/stacks/ticketing"

// minuteIs is how long a minute of the example's shows lasts in these
// tests (offsets are whole seconds, and the shortest is 5 minutes).
const minuteIs = time.Second

var (
	onSaleAt = regexp.MustCompile(`on_sale_at = "([^"]+)"`)
	offset   = regexp.MustCompile(`(start|lead|end)(\s*)= "([+-]?)(\d+)([mh])"`)
)

// retimed is the example's shows.tf with its shows moved to now: the first
// on-sale at stadium, every offset and on-sale gap shrunk so that a minute
// lasts minuteIs. Sizing (arrivals per minute) is left as it is.
func retimed(t testing.TB, src string, stadium time.Time) string {
	t.Helper()
	sydney, err := time.LoadLocation("Australia/Sydney")
	require.NoError(t, err)
	var base time.Time
	src = onSaleAt.ReplaceAllStringFunc(src, func(m string) string {
		at, err := time.ParseInLocation("2006-01-02T15:04:05", onSaleAt.FindStringSubmatch(m)[1], sydney)
		require.NoError(t, err)
		if base.IsZero() {
			base = at
		}
		moved := stadium.Add(time.Duration(float64(at.Sub(base)) * float64(minuteIs) / float64(time.Minute)))
		require.Equal(t, moved, moved.Truncate(time.Second), "on-sale times must stay on whole seconds")
		return `on_sale_at = "` + moved.In(sydney).Format("2006-01-02T15:04:05") + `"`
	})
	return offset.ReplaceAllStringFunc(src, func(m string) string {
		g := offset.FindStringSubmatch(m)
		n, _ := strconv.Atoi(g[4])
		if g[5] == "h" {
			n *= 60
		}
		return fmt.Sprintf(`%s%s= "%s%ss"`, g[1], g[2], g[3], strconv.FormatFloat(float64(n)*minuteIs.Seconds(), 'f', -1, 64))
	})
}

// ticketingStack copies examples/stacks/ticketing with its shows retimed to
// go on sale at stadium, variables for the account's other parts, the
// example's policy block (plus extraHCL), and the stand-in's log.
func ticketingStack(t *testing.T, stadium time.Time, extraHCL string, edit func(name, src string) string) (*stack, string) {
	t.Helper()
	files := map[string]string{"terraform.tfvars": `subnet_ids               = ["subnet-0a", "subnet-0b"]
web_launch_template_id   = "lt-0123456789abcdef0"
ecs_cluster_name         = "ticketing"
api_task_definition_arn  = "arn:aws:ecs:ap-southeast-2:123456789012:task-definition/api:42"
checkout_function_name   = "checkout"
waiting_room_product_id  = "prod-waitingroom01"
waiting_room_artifact_id = "pa-waitingroom01"
`}
	entries, err := os.ReadDir(ticketing)
	require.NoError(t, err)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".tf") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(ticketing, e.Name()))
		require.NoError(t, err)
		src := string(b)
		if e.Name() == "shows.tf" {
			src = retimed(t, src, stadium)
		}
		if edit != nil {
			src = edit(e.Name(), src)
		}
		files[e.Name()] = src
	}
	hcl, err := os.ReadFile(filepath.Join(ticketing, "hotshow.hcl"))
	require.NoError(t, err)
	policy := regexp.MustCompile(`(?ms)^policy \{.*?^\}`).FindString(string(hcl))
	require.NotEmpty(t, policy, "the example's hotshow.hcl has a policy block")
	log := filepath.Join(t.TempDir(), "aws-standin.jsonl")
	fleet := filepath.Join(t.TempDir(), "fleet.json")
	require.NoError(t, awsstandin.WriteFleet(fleet, healthyFleet))
	env := []string{awsstandin.LogEnv + "=" + log, awsstandin.FleetEnv + "=" + fleet, "AWS_REGION=ap-southeast-2"}
	s := newStackFiles(t, files, policy+"\n"+extraHCL, env)
	s.fleet = fleet
	return s, log
}

// healthyFleet is what the stand-in's "cloud" reports when every readiness
// check of the example passes: the web group runs its maximum, the vCPU
// quota covers the stadium's peak.
var healthyFleet = awsstandin.Fleet{Running: map[string]int{"ticketing-web": 200}, Quotas: map[string]float64{"ec2/L-1216C47A": 5000}}

// received lists, in order, the distinct values the stand-in was given for
// attribute attr of resource type typ (get reads it from the new state).
func received(changes []awsstandin.Change, typ string, get func(map[string]any) any) []any {
	var out []any
	for _, c := range changes {
		if c.Type != typ || c.After == nil {
			continue
		}
		if v := get(c.After); len(out) == 0 || out[len(out)-1] != v {
			out = append(out, v)
		}
	}
	return out
}

func attr(name string) func(map[string]any) any {
	return func(m map[string]any) any { return m[name] }
}

func param(key string) func(map[string]any) any {
	return func(m map[string]any) any {
		list, _ := m["provisioning_parameters"].([]any)
		for _, p := range list {
			if pm, ok := p.(map[string]any); ok && pm["key"] == key {
				return pm["value"]
			}
		}
		return nil
	}
}

// TestE2E_ticketingNightOnTheAWSStandIn runs examples/stacks/ticketing
// through both of its shows (a minute lasting a second) against the AWS
// stand-in: CI applies it, the daemon applies every transition at its
// instant, none is refused — the waiting room's outputs become unknown at
// each parameter change, a consequence the provider's schema marks
// computed-only — and the stand-in receives the capacities of the local
// twin's table (exampletest.TestLocalStack) in order.
func TestE2E_ticketingNightOnTheAWSStandIn(t *testing.T) {
	t.Parallel()
	stadium := time.Now().UTC().Add(70*time.Second + 15*time.Second).Truncate(time.Second) // warm-up (-70 min) 15 s from now
	s, log := ticketingStack(t, stadium, "", nil)
	s.ciApply()
	out, code := s.orchestrate("schedule", "-json")
	require.Equal(t, 0, code)
	var ups []struct {
		At time.Time `json:"at"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &ups))
	var instants []time.Time
	for _, u := range ups {
		if !slices.ContainsFunc(instants, u.At.Equal) {
			instants = append(instants, u.At)
		}
	}
	require.NotEmpty(t, instants)
	out, code = s.orchestrate("validate")
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "warning:", "two decreases of the orders table a day, and no apply measured yet")
	// The account's vCPU quota is too small for the stadium's peak until the
	// first readiness evaluation has said so (the -15m checkpoints of both
	// shows are due as the daemon starts).
	require.NoError(t, awsstandin.WriteFleet(s.fleet, awsstandin.Fleet{Running: healthyFleet.Running, Quotas: map[string]float64{"ec2/L-1216C47A": 100}}))
	d := s.startDaemon()
	var first store.Run
	waitFor(t, 60*time.Second, "the first readiness evaluation", func() bool {
		for _, r := range s.historyAll() {
			if r.IsChecks() && r.Outcome != store.OutcomeRunning {
				first = r
				return true
			}
		}
		return false
	})
	require.NoError(t, awsstandin.WriteFleet(s.fleet, healthyFleet))
	sleepUntil(instants[len(instants)-1].Add(6 * time.Second))
	require.NoError(t, d.stop(t))

	assert.Equal(t, store.OutcomeNotReady, first.Outcome, first.Error)
	assert.Equal(t, "-15m", first.Checkpoint)
	assert.Equal(t, []store.CheckResult{
		{Address: "check.checkout_concurrency_ready", Status: store.CheckPass},
		{Address: "check.ec2_vcpu_quota_covers_peak", Status: store.CheckFail, Messages: []string{"the On-Demand vCPU quota is 100: the stadium's peak needs 176 for web beside 0 used elsewhere"}},
		{Address: "check.waiting_room_available", Status: store.CheckPass},
		{Address: "check.web_in_service", Status: store.CheckPass},
	}, first.Checks, "the example's four checks, evaluated against the stand-in")
	var last store.Run
	for _, r := range s.historyAll() {
		if r.IsChecks() {
			last = r
		}
	}
	assert.Equal(t, store.OutcomeReady, last.Outcome, "the quota raised: %v", last.Checks)
	assert.True(t, strings.HasPrefix(last.Checkpoint, "after "), last.Checkpoint)

	runs := s.history()
	require.Len(t, runs, len(instants), "one run per transition instant")
	for i, r := range runs {
		assert.True(t, instants[i].Equal(r.Instant), "run %d at %s, want %s", i, r.Instant, instants[i])
		assert.Contains(t, []store.Outcome{store.OutcomeApplied, store.OutcomeNoChanges}, r.Outcome, "run %d: %s", i, r.Error)
		assert.False(t, r.Started.Before(r.Instant), "run %d started before its instant", i)
		t.Logf("transition %d at %s: %s, lag %s, plan %s, apply %s, changed %v", i, r.Instant.Format(time.TimeOnly), r.Outcome, r.Lag, r.PlanTime, r.ApplyTime, r.Changed)
	}

	changes, err := awsstandin.ReadLog(log)
	require.NoError(t, err)
	// The capacities, from the create by CI to the end of both shows.
	assert.Equal(t, []any{4.0, 40.0, 44.0, 30.0, 4.0}, received(changes, "aws_autoscaling_group", attr("min_size")), "web")
	assert.Equal(t, []any{2.0, 10.0, 17.0, 12.0, 2.0}, received(changes, "aws_appautoscaling_target", attr("min_capacity")), "api")
	assert.Equal(t, []any{100.0, 2000.0, 8000.0, 3000.0, 100.0}, received(changes, "aws_dynamodb_table", attr("read_capacity")), "orders read")
	assert.Equal(t, []any{50.0, 500.0, 2000.0, 800.0, 50.0}, received(changes, "aws_dynamodb_table", attr("write_capacity")), "orders write")
	assert.Equal(t, []any{5.0, 100.0, 300.0, 120.0, 5.0}, received(changes, "aws_lambda_provisioned_concurrency_config", attr("provisioned_concurrent_executions")), "checkout")
	assert.Equal(t, []any{"1", "2", "6", "3", "1"}, received(changes, "aws_servicecatalog_provisioned_product", param("NodeCount")), "queue nodes")
	assert.Equal(t, []any{"standard", "surge", "standard"}, received(changes, "aws_servicecatalog_provisioned_product", param("Mode")), "waiting room mode")
	// Every change after CI's create came from a run, and changed capacity only.
	capacity := []string{"min_size", "min_capacity", "read_capacity", "write_capacity", "provisioned_concurrent_executions", "provisioning_parameters", "outputs", "desired_capacity"}
	for _, c := range changes {
		require.Empty(t, c.Error, "%s %s", c.Type, c.Action)
		if c.Action == "create" {
			continue
		}
		assert.Equal(t, "update", c.Action, c.Type)
		for _, a := range c.Changed {
			assert.Contains(t, capacity, a, "%s changed %s", c.Type, a)
		}
		assert.True(t, slices.ContainsFunc(runs, func(r store.Run) bool { return !c.At.Before(r.Started) && !c.At.After(r.Finished) }),
			"%s updated at %s, outside every run", c.Type, c.At)
	}
}

// TestE2E_ticketingTagEditRefusedOthersApplied merges a tag edit on the
// orders table that CI has not applied: at the warm-up the policy refuses the
// table (tags are not capacity) and, on_refusal = "apply-allowed" (the
// example's setting), the rest of the platform still gets its capacity; the
// ledger and the alert say which is which.
func TestE2E_ticketingTagEditRefusedOthersApplied(t *testing.T) {
	t.Parallel()
	hook := newHookReceiver(t)
	stadium := time.Now().UTC().Add(70*time.Second + 12*time.Second).Truncate(time.Second)
	tagged := func(name, src string) string {
		if name != "main.tf" {
			return src
		}
		return strings.Replace(src, `  name           = "ticketing-orders"`, `  name           = "ticketing-orders"
  tags           = { cost_center = "platform" }`, 1)
	}
	s, log := ticketingStack(t, stadium, notifyHCL(hook.URL, "refused", "applied"), tagged)
	s.ciApply()
	// Merged, not applied: the pending tag edit.
	main, err := os.ReadFile(filepath.Join(s.dir, "main.tf"))
	require.NoError(t, err)
	edited := strings.Replace(string(main), `cost_center = "platform"`, `cost_center = "on-sale"`, 1)
	require.NotEqual(t, string(main), edited)
	require.NoError(t, os.WriteFile(filepath.Join(s.dir, "main.tf"), []byte(edited), 0o644))

	warm := stadium.Add(-70 * minuteIs) // -60 min, 10 min early
	sleepUntil(warm.Add(time.Second))
	_, code := s.orchestrate("tick")
	assert.Equal(t, exitRefused, code, "tick says something was refused")

	runs := s.history()
	require.Len(t, runs, 1)
	r := runs[0]
	assert.True(t, warm.Equal(r.Instant), "the warm-up at %s, ran %s", warm, r.Instant)
	assert.Equal(t, store.OutcomePartial, r.Outcome)
	assert.Contains(t, r.Error, `aws_dynamodb_table.orders: changes tags.cost_center, tags_all.cost_center, which are not a capacity setting`)
	assert.NotContains(t, r.Changed, "aws_dynamodb_table.orders", "the targeted plan leaves the table out")
	assert.Contains(t, r.Changed, "aws_autoscaling_group.web")

	changes, err := awsstandin.ReadLog(log)
	require.NoError(t, err)
	assert.Equal(t, []any{4.0, 40.0}, received(changes, "aws_autoscaling_group", attr("min_size")), "web got its warm-up capacity")
	assert.Equal(t, []any{"1", "2"}, received(changes, "aws_servicecatalog_provisioned_product", param("NodeCount")))
	assert.Equal(t, []any{100.0}, received(changes, "aws_dynamodb_table", attr("read_capacity")), "the table was not touched")

	waitFor(t, 10*time.Second, "the alert", func() bool { events, _ := hook.got(); return len(events) > 0 })
	events, texts := hook.got()
	assert.Equal(t, []string{"refused"}, events)
	assert.Contains(t, texts[0], "partly refused")
	assert.Contains(t, texts[0], "aws_dynamodb_table.orders: changes tags.cost_center, tags_all.cost_center")
	assert.Contains(t, texts[0], "applied aws_autoscaling_group.web.min_size: 4 -&gt; 40")
	assert.Contains(t, texts[0], `"key":"NodeCount"`, "the waiting room's parameters are shown, not masked")
	assert.NotContains(t, texts[0], "(sensitive)")
}
