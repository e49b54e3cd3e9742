// Package releasetest installs the provider the way a user of a release
// does: from the zip goreleaser packs with the repository's .goreleaser.yml,
// checked against the SHA256SUMS it writes, through real Terraform (or
// OpenTofu) init and plan. The tests need TF_ACC=1, TF_ACC_TERRAFORM_PATH
// and goreleaser (the GNUmakefile sets all three) and are skipped under go
// test -short. It has no code.
package releasetest
