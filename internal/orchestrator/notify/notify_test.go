package notify

import (
	"io"
	"net"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedactURL(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "https://hooks.example.com/…", redactURL("https://hooks.example.com/services/T000/B000/XXXXSECRET"))
	err := &net.OpError{Op: "dial", Err: io.EOF}
	assert.NotContains(t, redactErr(err, "https://x/secret"), "secret")
	assert.NotContains(t, redactErr(io.ErrUnexpectedEOF, "https://x/secret"), "secret")
}
