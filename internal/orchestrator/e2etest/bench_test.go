package e2etest

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/config"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/tfenv"
	"github.com/hotshow/terraform-provider-hotshow/internal/timeline"
)

// flipTF declares a show with a phase every second for n seconds, web
// alternating between 10 and 50, so that every phase start is a real change.
func flipTF(start time.Time, n int) string {
	var phases []string
	for i := range n {
		phases = append(phases, fmt.Sprintf(`{ name = "p%d", start = "+%ds", capacity = { web = %d } }`, i, i, 10+40*(i%2)))
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    hotshow = { source = "hotshow/hotshow" }
  }
}
resource "hotshow_show" "s" {
  name       = "Bench"
  on_sale_at = %q
  phases     = [%s]
  end        = "+%ds"
}
data "hotshow_capacity" "fleet" {
  shows = [hotshow_show.s.schedule]
}
resource "terraform_data" "web" {
  input = data.hotshow_capacity.fleet.capacity["web"]
}
`, start.UTC().Format(time.RFC3339), strings.Join(phases, ",\n    "), n+1)
}

const benchPhases = 200

// BenchmarkTransition compares one orchestrated transition (lease, plan to a
// file, show -json, policy, apply of that file, ledger records, state pull)
// with a bare `terraform plan -out` + `terraform apply` of the same stack
// making the same change.
func BenchmarkTransition(b *testing.B) {
	start := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	b.Run("bare-plan-apply", func(b *testing.B) {
		s := newStack(b, flipTF(start, benchPhases), "")
		s.ciApply()
		s.tf.SetStdout(io.Discard)
		s.tf.SetStderr(io.Discard)
		ctx := context.Background()
		b.ResetTimer()
		for i := range b.N {
			at := start.Add(time.Duration(i%benchPhases) * time.Second).Format(time.RFC3339)
			env := tfenv.Merge(map[string]string{"TF_CLI_CONFIG_FILE": cliConfig, "CHECKPOINT_DISABLE": "1", timeline.EnvAsOf: at})
			require.NoError(b, s.tf.SetEnv(env))
			_, err := s.tf.Plan(ctx, tfexec.Out("tfplan"))
			require.NoError(b, err)
			require.NoError(b, s.tf.Apply(ctx, tfexec.DirOrPlan("tfplan")))
		}
	})
	b.Run("orchestrated", func(b *testing.B) {
		s := newStack(b, flipTF(start, benchPhases), "")
		s.ciApply()
		b.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
		cfg, err := config.Load(s.config)
		require.NoError(b, err)
		ctx := context.Background()
		o, err := orchestrator.New(ctx, cfg)
		require.NoError(b, err)
		defer o.Close()
		b.ResetTimer()
		for i := range b.N {
			at := start.Add(time.Duration(i%benchPhases) * time.Second)
			if i >= benchPhases {
				b.Fatalf("more than %d iterations: use -benchtime Nx with N <= %d", benchPhases, benchPhases)
			}
			res := o.RunStack(ctx, ctx, cfg.Stacks[0], at, 1)
			require.NoError(b, res.Err)
			require.Equal(b, store.OutcomeApplied, res.Run.Outcome)
		}
	})
}
