// Package dynalitetest runs dynalite, a DynamoDB-compatible server, on
// 127.0.0.1 for tests. HOTSHOW_DYNALITE names its executable (the
// GNUmakefile installs it with npm and sets the variable); tests that need
// it skip when it is unset.
package dynalitetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hotshow/terraform-provider-hotshow/internal/porttest"
)

// EnvDynalite names the variable holding the dynalite executable's path.
const EnvDynalite = "HOTSHOW_DYNALITE"

// Server is a running dynalite with its data in a test directory, so that
// it can be stopped and started again with its tables.
type Server struct {
	t        testing.TB
	bin      string
	port     int
	dir      string
	cmd      *exec.Cmd
	Endpoint string
}

// Credentials are the environment a process using the AWS SDK needs to
// talk to the local server: static test credentials and a region, and no
// instance metadata service.
var Credentials = []string{
	"AWS_ACCESS_KEY_ID=hotshow-test", "AWS_SECRET_ACCESS_KEY=hotshow-test",
	"AWS_REGION=ap-southeast-2", "AWS_EC2_METADATA_DISABLED=true",
}

// Start starts dynalite on a free loopback port; it is stopped when the
// test ends. Processes using it need Credentials in their environment (or
// SetTestCredentials in this one).
func Start(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv(EnvDynalite)
	if bin == "" {
		t.Skipf("%s is not set: run the tests through the GNUmakefile, which installs dynalite", EnvDynalite)
	}
	s := &Server{t: t, bin: bin, port: porttest.Free(t), dir: filepath.Join(t.TempDir(), "dynalite")}
	s.Endpoint = fmt.Sprintf("http://127.0.0.1:%d", s.port)
	s.StartAgain()
	t.Cleanup(s.Stop)
	return s
}

// SetTestCredentials sets Credentials in this process's environment for
// the test (so the test cannot run in parallel with others).
func SetTestCredentials(t testing.TB) {
	for _, kv := range Credentials {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// StartAgain starts the server (after Stop) on the same port and data.
func (s *Server) StartAgain() {
	s.t.Helper()
	s.cmd = exec.Command(s.bin, "--host", "127.0.0.1", "--port", fmt.Sprint(s.port), "--path", s.dir, "--createTableMs", "0", "--deleteTableMs", "0")
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("starting dynalite: %v", err)
	}
	porttest.WaitListening(s.t, s.port, "dynalite", 20*time.Second)
}

// Stop kills the server and waits for it to exit.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}
