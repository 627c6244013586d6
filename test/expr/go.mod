// Argo Rollouts' condition language, pinned to the version its release v1.9.1 builds with
// (github.com/expr-lang/expr v1.16.9, argo-rollouts go.mod at v1.9.1); see main.go.
module contextcore.dev/test/expr

go 1.26

require github.com/expr-lang/expr v1.16.9
