// Package porttest finds free loopback ports for the servers tests start
// (dynalite, moto), and waits for them to listen.
package porttest

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
)

// Free returns a loopback port nothing listens on now.
func Free(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		t.Fatalf("listening on %s gave no TCP address", l.Addr())
	}
	return addr.Port
}

// WaitListening waits until something listens on the loopback port, for
// at most limit; what names the server in the failure.
func WaitListening(t testing.TB, port int, what string, limit time.Duration) {
	t.Helper()
	clk := clock.Real{}
	deadline := clk.Now().Add(limit)
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			_ = c.Close()
			return
		}
		if clk.Now().After(deadline) {
			t.Fatalf("%s did not listen on port %d within %s", what, port, limit)
		}
		_ = clk.Sleep(context.Background(), 50*time.Millisecond)
	}
}
