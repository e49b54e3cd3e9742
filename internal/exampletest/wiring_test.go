package exampletest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTicketingStackWiresLikeItsTwin checks the AWS stack, which cannot be
// planned here (no AWS provider offline), against the local twin that is
// applied: the same shows.tf byte for byte, and for every AWS resource
// attribute fed from the shows a stand-in with the same expression.
func TestTicketingStackWiresLikeItsTwin(t *testing.T) {
	t.Parallel()
	aws, err := os.ReadFile(filepath.Join(examples, "stacks/ticketing/shows.tf"))
	require.NoError(t, err)
	twin, err := os.ReadFile(filepath.Join(examples, "stacks/local/shows.tf"))
	require.NoError(t, err)
	assert.Equal(t, string(aws), string(twin), "shows.tf must be the same in both stacks")

	fromShows := map[string]map[string]string{} // "type__name" -> attribute -> expression
	for _, f := range []string{"main.tf", "versions.tf", "variables.tf", "outputs.tf"} {
		src, body := parse(t, filepath.Join(examples, "stacks/ticketing", f))
		for _, b := range body.Blocks {
			if b.Type != "resource" || !strings.HasPrefix(b.Labels[0], "aws_") {
				continue
			}
			attrs := showAttributes(src, b.Body)
			if len(attrs) > 0 {
				fromShows[b.Labels[0]+"__"+b.Labels[1]] = attrs
			}
		}
	}
	require.Len(t, fromShows, 5, "ASG, Application Auto Scaling target, DynamoDB table, Lambda concurrency, Service Catalog product")

	standIns := map[string]map[string]string{}
	src, body := parse(t, filepath.Join(examples, "stacks/local/targets.tf"))
	for _, b := range body.Blocks {
		require.Equal(t, "terraform_data", b.Labels[0])
		input, ok := b.Body.Attributes["input"].Expr.(*hclsyntax.ObjectConsExpr)
		require.True(t, ok, "%s: input is an object", b.Labels[1])
		attrs := map[string]string{}
		for _, item := range input.Items {
			attrs[text(src, item.KeyExpr.Range())] = text(src, item.ValueExpr.Range())
		}
		standIns[b.Labels[1]] = attrs
	}
	assert.Equal(t, fromShows, standIns)

	// The same readiness checks, by name, in both stacks.
	checks := func(stack string) []string {
		_, body := parse(t, filepath.Join(examples, stack, "checks.tf"))
		var names []string
		for _, b := range body.Blocks {
			if b.Type == "check" {
				names = append(names, b.Labels[0])
			}
		}
		return names
	}
	assert.Equal(t, []string{"web_in_service", "checkout_concurrency_ready", "waiting_room_available", "ec2_vcpu_quota_covers_peak"}, checks("stacks/ticketing"))
	assert.Equal(t, checks("stacks/ticketing"), checks("stacks/local"))
}

// showAttributes lists the attributes of a resource (and of its nested
// blocks) whose value comes from shows.tf's locals. A Service Catalog
// provisioning parameter is named by its key.
func showAttributes(src []byte, body *hclsyntax.Body) map[string]string {
	out := map[string]string{}
	for name, a := range body.Attributes {
		if expr := text(src, a.Expr.Range()); usesShows(expr) {
			out[name] = expr
		}
	}
	for _, b := range body.Blocks {
		if b.Type == "provisioning_parameters" {
			key := strings.Trim(text(src, b.Body.Attributes["key"].Expr.Range()), `"`)
			if expr := text(src, b.Body.Attributes["value"].Expr.Range()); usesShows(expr) {
				out[key] = expr
			}
			continue
		}
		for k, v := range showAttributes(src, b.Body) {
			out[k] = v
		}
	}
	return out
}

func usesShows(expr string) bool {
	return strings.Contains(expr, "local.capacity") || strings.Contains(expr, "local.waiting_room_mode") || strings.Contains(expr, "hotshow")
}

func parse(t *testing.T, path string) ([]byte, *hclsyntax.Body) {
	t.Helper()
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	require.False(t, diags.HasErrors(), diags.Error())
	body, ok := f.Body.(*hclsyntax.Body)
	require.True(t, ok)
	return src, body
}

func text(src []byte, r hcl.Range) string { return string(r.SliceBytes(src)) }
