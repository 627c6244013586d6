// The Lua runtime of Argo CD's health checks, pinned to the versions argo-cd's go.mod uses
// (v3.x: gopher-lua v1.1.2, gopher-json 97fed8db8427, sigs.k8s.io/yaml v1.6.0); see main.go.
module contextcore.dev/test/lua

go 1.26

require (
	github.com/yuin/gopher-lua v1.1.2
	layeh.com/gopher-json v0.0.0-20190114024228-97fed8db8427
	sigs.k8s.io/yaml v1.6.0
)

require go.yaml.in/yaml/v2 v2.4.2 // indirect
