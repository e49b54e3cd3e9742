package layout

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/hotshow/terraform-provider-hotshow/"

// allowed lists, for each package, the module's packages it may import
// (a trailing "/" allows the packages below). Leaves come first; nothing
// imports a package above it, so there can be no cycle.
var allowed = map[string][]string{
	"internal/clock":                        nil,
	"internal/timeline":                     nil,
	"internal/tfenv":                        nil,
	"internal/providermirror":               nil,
	"internal/releasetest":                  nil,
	"internal/awsstandin":                   {"internal/clock", "internal/providermirror"},
	"internal/showstate":                    {"internal/timeline"},
	"internal/render":                       {"internal/timeline"},
	"internal/calendar":                     {"internal/timeline"},
	"internal/orchestrator/logging":         nil,
	"internal/orchestrator/policy":          nil,
	"internal/orchestrator/store":           nil,
	"internal/orchestrator/store/bolt":      {"internal/orchestrator/store"},
	"internal/orchestrator/store/dynamo":    {"internal/orchestrator/store", "internal/clock"},
	"internal/orchestrator/store/storetest": {"internal/orchestrator/store", "internal/clock"},
	"internal/orchestrator/notify":          {"internal/clock", "internal/orchestrator/logging", "internal/orchestrator/policy", "internal/orchestrator/store", "internal/render"},
	"internal/orchestrator/config":          {"internal/calendar", "internal/orchestrator/notify", "internal/orchestrator/policy", "internal/timeline"},
	"internal/orchestrator/tfrun":           {"internal/orchestrator/config", "internal/orchestrator/logging", "internal/tfenv", "internal/timeline"},
	"internal/orchestrator/report":          {"internal/showstate", "internal/timeline"},
	"internal/orchestrator/cloudlimits":     nil,
	"internal/orchestrator/logging/logtest": {"internal/orchestrator/logging"},
	"internal/provider":                     {"internal/calendar", "internal/clock", "internal/showstate", "internal/timeline"},
	"internal/orchestrator":                 {"internal/calendar", "internal/clock", "internal/orchestrator/", "internal/render", "internal/showstate", "internal/timeline"},
	"cmd/hotshow-orchestrator":              {"internal/clock", "internal/orchestrator", "internal/orchestrator/", "internal/render", "internal/timeline"},
}

// leaves may never import the core or the command.
var leaves = []string{"internal/orchestrator/config", "internal/orchestrator/store", "internal/orchestrator/store/bolt",
	"internal/orchestrator/store/dynamo", "internal/orchestrator/policy", "internal/orchestrator/tfrun",
	"internal/orchestrator/notify", "internal/orchestrator/report", "internal/orchestrator/logging", "internal/orchestrator/cloudlimits"}

// imports maps each of the module's packages to the module's packages it
// imports (tests excluded), as go list reports them.
func imports(t *testing.T) map[string][]string {
	t.Helper()
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, module+"...").Output()
	require.NoError(t, err, "go list")
	got := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		got[pkg] = []string{}
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, module) {
				got[pkg] = append(got[pkg], strings.TrimPrefix(imp, module))
			}
		}
	}
	return got
}

func permitted(rules []string, imp string) bool {
	for _, r := range rules {
		if imp == r || (strings.HasSuffix(r, "/") && strings.HasPrefix(imp, r)) {
			return true
		}
	}
	return false
}

func TestArrowsRunOneWay(t *testing.T) {
	got := imports(t)
	for pkg, rules := range allowed {
		imps, ok := got[pkg]
		if !assert.True(t, ok, "package %s is gone: update the layout", pkg) {
			continue
		}
		for _, imp := range imps {
			assert.True(t, permitted(rules, imp), "%s imports %s, which is not below it", pkg, imp)
		}
	}
	for pkg, imps := range got {
		assert.NotContains(t, imps, "internal/awsstandin", "%s imports the AWS stand-in, which only tests may", pkg)
	}
	for _, leaf := range leaves {
		assert.NotContains(t, got[leaf], "internal/orchestrator", "leaf %s imports the core", leaf)
		assert.False(t, slices.Contains(got[leaf], "cmd/hotshow-orchestrator"), "leaf %s imports the command", leaf)
	}
}

func TestRulesCatchAWrongArrow(t *testing.T) {
	assert.False(t, permitted(allowed["internal/orchestrator/store"], "internal/orchestrator"), "a leaf importing the core is refused")
	assert.False(t, permitted(allowed["internal/orchestrator/config"], "internal/orchestrator/tfrun"), "config may not import tfrun (tfrun imports config)")
	assert.True(t, permitted(allowed["internal/orchestrator"], "internal/orchestrator/store/bolt"), "the core may import its leaves")
}
