// Package tfenv builds the environment hotshow runs Terraform with.
package tfenv

import (
	"os"
	"strings"

	"github.com/hashicorp/terraform-exec/tfexec"
)

// Merge returns the process environment, less the variables terraform-exec
// manages itself (it refuses them), with overrides on top. Pass the result
// to (*tfexec.Terraform).SetEnv, which otherwise replaces the environment.
func Merge(overrides map[string]string) map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		if k, v, ok := strings.Cut(kv, "="); ok {
			env[k] = v
		}
	}
	env = tfexec.CleanEnv(env)
	for k, v := range overrides {
		env[k] = v
	}
	return env
}
