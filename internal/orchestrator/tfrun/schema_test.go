package tfrun

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/tftest"
)

// commandLog keeps the Terraform commands a runner logs.
type commandLog struct {
	mu       sync.Mutex
	commands []string
}

func (c *commandLog) Info(_ string, kv ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "command" {
			c.commands = append(c.commands, fmt.Sprint(kv[i+1]))
		}
	}
}

func (c *commandLog) Error(error, string, ...any) {}

func (c *commandLog) count(sub string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, cmd := range c.commands {
		if strings.Contains(cmd, sub) {
			n++
		}
	}
	return n
}

// TestProvidersSchema_readAgainWhenTheLockFileChanges: the schemas start
// every provider of a stack, so they are read once, and again only when
// .terraform.lock.hcl changes (a provider upgraded by init -upgrade).
func TestProvidersSchema_readAgainWhenTheLockFileChanges(t *testing.T) {
	t.Parallel()
	bin := tftest.TerraformPath(t) // skips without TF_ACC
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(`resource "terraform_data" "x" {}`), 0o644))
	log := &commandLog{}
	r, err := Terraform(bin, log)(config.Stack{Name: "s", Dir: dir, Env: map[string]string{"TF_CLI_CONFIG_FILE": os.DevNull}})
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, r.Init(ctx))

	first, err := r.ProvidersSchema(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, first.Schemas, "terraform_data's provider")
	again, err := r.ProvidersSchema(ctx)
	require.NoError(t, err)
	assert.Same(t, first, again)
	assert.Equal(t, 1, log.count("providers schema"), "read once")

	require.NoError(t, os.WriteFile(filepath.Join(dir, ".terraform.lock.hcl"), []byte("# providers upgraded\n"), 0o644))
	_, err = r.ProvidersSchema(ctx)
	require.NoError(t, err)
	_, err = r.ProvidersSchema(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, log.count("providers schema"), "read again once the lock file changed")
}
