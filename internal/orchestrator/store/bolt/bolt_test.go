package bolt_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/bolt"
	"github.com/hotshow/terraform-provider-hotshow/internal/orchestrator/store/storetest"
)

func TestStore_conformance(t *testing.T) {
	storetest.Conformance(t, func(t *testing.T) func() store.Store {
		path := filepath.Join(t.TempDir(), "sub", "ledger.db")
		return func() store.Store {
			s, err := bolt.Open(path)
			require.NoError(t, err)
			return s
		}
	})
}
