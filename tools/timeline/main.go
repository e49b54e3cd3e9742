// Command timeline builds the provider, installs it from a filesystem mirror,
// and applies examples/timeline with real Terraform at several instants
// around a show's on-sale, printing the capacity Terraform applied at each.
//
//	go run ./tools/timeline -terraform /usr/local/bin/terraform
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/hotshow/terraform-provider-hotshow/internal/providermirror"
	"github.com/hotshow/terraform-provider-hotshow/internal/tfenv"
)

// instants are Sydney wall times on 2026-12-01 around the 09:00 on-sale.
var instants = []string{"07:00", "07:49:59", "07:50", "08:00", "08:45", "08:55", "09:00", "10:29:59", "10:30", "12:00"}

func main() {
	terraform := flag.String("terraform", "terraform", "Terraform or OpenTofu binary")
	work := flag.String("dir", ".demo/timeline", "working directory (recreated)")
	flag.Parse()
	if err := run(context.Background(), *terraform, *work); err != nil {
		fmt.Fprintln(os.Stderr, "timeline:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, terraform, work string) error {
	work, err := filepath.Abs(work)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(work); err != nil {
		return err
	}
	cli, err := providermirror.Build(work, "0.0.1")
	if err != nil {
		return err
	}
	stack := filepath.Join(work, "stack")
	if err := copyFile(filepath.Join("examples", "timeline", "main.tf"), filepath.Join(stack, "main.tf")); err != nil {
		return err
	}
	tf, err := tfexec.NewTerraform(stack, terraform)
	if err != nil {
		return err
	}
	env := map[string]string{"TF_CLI_CONFIG_FILE": cli, "CHECKPOINT_DISABLE": "1"}
	if err := tf.SetEnv(tfenv.Merge(env)); err != nil {
		return err
	}
	if err := tf.Init(ctx); err != nil {
		return fmt.Errorf("terraform init: %w", err)
	}
	return applyAll(ctx, tf, env)
}

func applyAll(ctx context.Context, tf *tfexec.Terraform, env map[string]string) error {
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		return err
	}
	fmt.Printf("Eras Tour — Sydney N1 goes on sale 2026-12-01 09:00 Sydney time; lead 10m.\n")
	fmt.Printf("Each row is a real `terraform apply` with HOTSHOW_AS_OF set to that instant.\n\n")
	fmt.Printf("%-9s %-21s %-10s %5s %5s  %s\n", "Sydney", "HOTSHOW_AS_OF (UTC)", "phase", "web", "api", "next transition (UTC)")
	for _, wall := range instants {
		local, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-12-01 "+withSeconds(wall), sydney)
		if err != nil {
			return err
		}
		env["HOTSHOW_AS_OF"] = local.Format(time.RFC3339)
		if err := tf.SetEnv(tfenv.Merge(env)); err != nil {
			return err
		}
		if err := tf.Apply(ctx); err != nil {
			return fmt.Errorf("terraform apply at %s: %w", local.Format(time.RFC3339), err)
		}
		row, err := applied(ctx, tf)
		if err != nil {
			return err
		}
		next := "-"
		if row.Next != nil {
			next = *row.Next
		}
		fmt.Printf("%-9s %-21s %-10s %5d %5d  %s\n", wall, local.UTC().Format(time.RFC3339), row.Phase, row.Web, row.API, next)
	}
	return nil
}

type appliedOutput struct {
	Web   int64   `json:"web"`
	API   int64   `json:"api"`
	Phase string  `json:"phase"`
	Next  *string `json:"next_transition_at"`
}

func applied(ctx context.Context, tf *tfexec.Terraform) (appliedOutput, error) {
	var out appliedOutput
	outputs, err := tf.Output(ctx)
	if err != nil {
		return out, err
	}
	return out, json.Unmarshal(outputs["applied"].Value, &out)
}

func withSeconds(wall string) string {
	if len(wall) == len("15:04") {
		return wall + ":00"
	}
	return wall
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}
