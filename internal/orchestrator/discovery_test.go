package orchestrator

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseState(t *testing.T) {
	t.Parallel()
	onSale := time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)
	want := show(t, "a", onSale)
	st, err := ParseState(stateJSON(t, want))
	require.NoError(t, err)
	assert.Equal(t, int64(7), st.Serial)
	require.Len(t, st.Shows, 1)
	assert.Equal(t, want.Name, st.Shows[0].Name)
	assert.Equal(t, Transitions(st.Shows), Transitions(st.Shows[:1]))
	assert.Len(t, st.Shows[0].Steps, 4)

	empty, err := ParseState(nil)
	require.NoError(t, err)
	assert.Empty(t, empty.Shows)
}

func TestParseState_errors(t *testing.T) {
	t.Parallel()
	tests := []struct{ doc, want string }{
		{`{`, "reading the state: unexpected end of JSON input"},
		{`{"version": 3}`, "format version 3 is not supported"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {}}]}]}`, "hotshow_show.x instance 0 has no schedule"},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": {"name": "n", "on_sale_at": "soon"}}}]}]}`, `hotshow_show.x instance 0: on_sale_at: "soon" is not an RFC 3339 timestamp`},
		{`{"version": 4, "resources": [{"mode": "managed", "type": "hotshow_show", "name": "x", "instances": [{"attributes": {"schedule": {"name": "n", "on_sale_at": "2027-01-01T00:00:00Z", "steps": [{"at": "2027-01-01T00:00:00Z"}, {"at": "2027-01-01T00:00:00Z"}]}}}]}]}`, "steps[1].at 2027-01-01T00:00:00Z does not come after the step before it"},
	}
	for _, tt := range tests {
		_, err := ParseState([]byte(tt.doc))
		assert.ErrorContains(t, err, tt.want)
	}
}
