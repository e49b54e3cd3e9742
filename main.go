// Command terraform-provider-hotshow serves the hotshow Terraform provider.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/hotshow/terraform-provider-hotshow/internal/provider"
)

// version is the provider's version, set at build time with
// -ldflags "-X main.version=..."; "dev" otherwise.
var version = "dev"

func main() {
	var debugger bool
	flag.BoolVar(&debugger, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()
	tune()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/hotshow/hotshow",
		Debug:   debugger,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// tune sets what a plan of a thousand shows measured faster
// (BENCHMARKS.md, "Provider at scale"), each unless its own variable says
// otherwise:
//   - the plugin framework's own trace logs off while Terraform's logging
//     is off (TF_LOG and TF_LOG_PROVIDER unset): Terraform drops them then,
//     yet the provider formatted and sent some 175,000 lines a plan;
//   - the garbage collector at GOGC=400 (the provider's heap is short-lived
//     and small), held back by a soft memory limit of 1 GiB (GOMEMLIMIT).
func tune() {
	if os.Getenv("TF_LOG") == "" && os.Getenv("TF_LOG_PROVIDER") == "" {
		for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
			if _, set := os.LookupEnv(k); !set {
				_ = os.Setenv(k, "OFF")
			}
		}
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(1 << 30)
	}
}
