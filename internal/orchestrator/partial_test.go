package orchestrator

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/policy"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
)

// A plan whose second change the policy refuses (a merged resource CI has
// not created yet), at the warm-up: what each on_refusal setting does.
func TestRun_onRefusal(t *testing.T) {
	created := &tfjson.ResourceChange{Address: "terraform_data.extra", Mode: tfjson.ManagedResourceMode, Type: "terraform_data",
		Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionCreate}, After: map[string]any{}}}
	tests := []struct {
		name      string
		onRefusal policy.OnRefusal
		dragged   bool // the targeted plan brings the refused resource along
		outcome   store.Outcome
		plans     int
		applied   bool
		changed   []string
		error     string
	}{
		{"refuse-plan (default)", "", false, store.OutcomeRefused, 1, false, []string{"terraform_data.web", "terraform_data.extra"},
			"policy capacity-only refused the plan: terraform_data.extra: would be created"},
		{"apply-allowed", policy.ApplyAllowed, false, store.OutcomePartial, 2, true, []string{"terraform_data.web"},
			"policy capacity-only refused the plan: terraform_data.extra: would be created"},
		{"apply-allowed, refused again", policy.ApplyAllowed, true, store.OutcomeRefused, 2, false, []string{"terraform_data.web", "terraform_data.extra"},
			"policy capacity-only refused the plan: terraform_data.extra: would be created; the plan of the allowed resources alone was refused too: policy capacity-only refused the plan: terraform_data.extra: would be created"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				onSale := time.Now().UTC().Add(time.Hour)
				warm := onSale.Add(-10 * time.Minute)
				r := &fakeRunner{state: stateJSON(t, show(t, "a", onSale)), other: created, dragged: tt.dragged}
				cfg := testConfig(t, "s")
				cfg.Policy.OnRefusal = tt.onRefusal
				o := newTestOrchestrator(t, cfg, map[string]*fakeRunner{"s": r})
				runFor(t, o, 55*time.Minute) // the warm-up only

				plans, applies := r.snapshot()
				assert.Len(t, plans, tt.plans)
				assert.Equal(t, tt.applied, len(applies) == 1, "applied")
				if tt.plans == 2 {
					assert.Equal(t, []string{"terraform_data.web"}, r.lastTargets, "the second plan targets the allowed resource")
				}
				runs, err := o.Store().Runs(context.Background(), "s", 0)
				require.NoError(t, err)
				require.Len(t, runs, 1, "a refused or partial instant is final: not retried")
				assert.Equal(t, warm, runs[0].Instant)
				assert.Equal(t, tt.outcome, runs[0].Outcome)
				assert.Equal(t, tt.changed, runs[0].Changed)
				assert.Equal(t, tt.error, runs[0].Error)
			})
		})
	}
}
