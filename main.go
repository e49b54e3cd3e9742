// Command terraform-provider-hotshow serves the hotshow Terraform provider.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/hotshow/terraform-provider-hotshow/internal/provider"
)

// version is set by the release build (goreleaser's -X main.version).
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
