// Package e2etest drives the real hotshow-orchestrator binary against real
// Terraform (or OpenTofu) and the real provider binary installed from a
// filesystem mirror, through shows that run in real time. The tests need
// TF_ACC=1 and TF_ACC_TERRAFORM_PATH (the GNUmakefile sets both) and are
// skipped under go test -short.
package e2etest
