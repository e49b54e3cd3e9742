// Command terraform-provider-hotshow serves the hotshow Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/hotshow/terraform-provider-hotshow/internal/provider"
)

// version is the provider's version, set at build time with
// -ldflags "-X main.version=..."; "dev" otherwise.
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "set to true to run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/hotshow/hotshow",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
