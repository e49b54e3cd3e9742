package provider

import (
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hotshow/terraform-provider-hotshow/internal/clock"
	"github.com/hotshow/terraform-provider-hotshow/internal/clock/clocktest"
)

// testAccProtoV6ProviderFactories serve the provider in-process with the
// machine's clock and an environment without HOTSHOW_AS_OF.
var testAccProtoV6ProviderFactories = protoV6ProviderFactoriesTestProvider(clock.Real{}, noEnv)

// protoV6ProviderFactoriesTestProvider serves the provider with clock c and
// environment lookup env, so a test decides what "now" is.
func protoV6ProviderFactoriesTestProvider(c clock.Clock, env func(string) (string, bool)) map[string]func() (tfprotov6.ProviderServer, error) {
	return map[string]func() (tfprotov6.ProviderServer, error){
		"hotshow": providerserver.NewProtocol6WithError(New("test", WithClock(c), WithLookupEnv(env))()),
	}
}

func noEnv(string) (string, bool) { return "", false }

// tfprotov6ProviderServer shortens the factory type.
type tfprotov6ProviderServer = tfprotov6.ProviderServer

// realEnvProvider serves the provider as Terraform runs it: machine clock,
// process environment.
var realEnvProvider = providerserver.NewProtocol6WithError(New("test")())

// fakeClock returns a fake clock reading the RFC 3339 instant s.
func fakeClock(t *testing.T, s string) *clocktest.Fake {
	t.Helper()
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("bad instant %q: %v", s, err)
	}
	return clocktest.New(at)
}

// testAccPreCheck stops a test early when the environment cannot run it.
// TF_ACC_TERRAFORM_PATH must name the binary explicitly: without it
// terraform-plugin-testing would take whatever is on PATH or download one.
func testAccPreCheck(t *testing.T) {
	t.Helper()
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must name the Terraform or OpenTofu binary to test with (the GNUmakefile sets it)")
	}
}
