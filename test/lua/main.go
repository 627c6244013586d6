// Runs Argo CD resource health checks (health.lua) in gopher-lua the way Argo CD runs them, so
// that our tests see what Argo CD would show. What Argo CD does, read at the source
// (argoproj/argo-cd util/lua/lua.go: VM.runLuaWithResourceActionParameters, ExecuteHealthLua;
// util/lua/oslib_safe.go; util/lua/health_test.go):
//
//   - a new LState per run; for a check configured in argocd-cm the standard libraries are NOT
//     opened (SkipOpenLibs, unless resource.customizations.useOpenLibs.<group>_<kind> is true);
//     built-in checks (resource_customizations/) and Argo CD's own health_test.go run with them;
//   - either way it then opens package, base and table, and its "safe" os (time and date only):
//     OpenSafeOs registers them into the module named by lua.TabLibName, so they land in `table`
//     and no global `os` exists without open libs; require("os") (preloaded) returns them. No
//     string, math or io library without open libs;
//   - a context that cancels the run after one second;
//   - globals: actionParams (an empty table for health) and obj, the resource decoded from JSON
//     (numbers become LNumber, maps tables, lists arrays);
//   - the script's returned value: a table is encoded to JSON (layeh.com/gopher-json) and read as
//     {status, message}; an empty table (encoded as []) and nil give an empty status; a status
//     that is none of Healthy, Progressing, Degraded, Suspended, Missing, Unknown becomes
//     Unknown "Lua returned an invalid health status"; anything else is an error.
//
// The safe os here is ours (time and date, enough for a script that calls them); Argo CD's
// implementation is not copied. Usage:
//
//	go run . [-mode argocd-cm|built-in] DIR...   run DIR/health.lua on every case of DIR/health_test.yaml
//	go run . [-mode ...] -script FILE             run FILE on each object of a JSON array read from stdin
//
// Output: one JSON document on stdout (see the result types below); exit 2 on a usage or I/O error.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	lua "github.com/yuin/gopher-lua"
	luajson "layeh.com/gopher-json"
	"sigs.k8s.io/yaml"
)

// HealthStatus is what Argo CD reads from the script (gitops-engine pkg/health.HealthStatus).
type HealthStatus struct {
	Status  string `json:"status,omitempty"`
	Message string `json:"message,omitempty"`
}

type testFile struct {
	Tests []struct {
		InputPath    string       `json:"inputPath"`
		HealthStatus HealthStatus `json:"healthStatus"`
	} `json:"tests"`
}

type caseResult struct {
	Dir       string        `json:"dir,omitempty"`
	InputPath string        `json:"inputPath,omitempty"`
	Mode      string        `json:"mode"`
	Expected  *HealthStatus `json:"expected,omitempty"`
	Actual    *HealthStatus `json:"actual,omitempty"`
	Error     string        `json:"error,omitempty"`
}

var validStatuses = map[string]bool{"Unknown": true, "Progressing": true, "Suspended": true, "Healthy": true, "Degraded": true, "Missing": true}

// run executes a health script on one object as Argo CD's VM does.
func run(script string, obj map[string]any, openLibs bool) (*HealthStatus, error) {
	l := lua.NewState(lua.Options{SkipOpenLibs: !openLibs})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{{lua.LoadLibName, lua.OpenPackage}, {lua.BaseLibName, lua.OpenBase}, {lua.TabLibName, lua.OpenTable}, {lua.OsLibName, openSafeOs}} {
		if err := l.CallByParam(lua.P{Fn: l.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return nil, err
		}
	}
	l.PreloadModule(lua.OsLibName, safeOsLoader)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	l.SetContext(ctx)
	l.SetGlobal("actionParams", l.CreateTable(0, 0))
	l.SetGlobal("obj", decode(l, obj))

	fn, err := l.LoadString(script)
	if err == nil {
		l.Push(fn)
		err = l.PCall(0, lua.MultRet, nil)
	}
	if err != nil {
		var apiErr *lua.ApiError
		if errors.As(err, &apiErr) && apiErr.Type == lua.ApiErrorRun {
			apiErr.StackTrace = ""
		}
		return nil, err
	}
	ret := l.Get(-1)
	switch ret.Type() {
	case lua.LTNil:
		return &HealthStatus{}, nil
	case lua.LTTable:
		text, err := luajson.Encode(ret)
		if err != nil {
			return nil, err
		}
		hs := &HealthStatus{}
		if err := json.Unmarshal(text, hs); err != nil {
			var typeErr *json.UnmarshalTypeError
			if errors.As(err, &typeErr) && typeErr.Value == "array" {
				return &HealthStatus{}, nil
			}
			return nil, err
		}
		if !validStatuses[hs.Status] {
			return &HealthStatus{Status: "Unknown", Message: "Lua returned an invalid health status"}, nil
		}
		return hs, nil
	}
	return nil, fmt.Errorf("expect table output from Lua script, not %s", ret.Type().String())
}

// decode turns JSON-shaped Go values into Lua values, as Argo CD hands `obj` to the script.
func decode(l *lua.LState, value any) lua.LValue {
	switch v := value.(type) {
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case int64:
		return lua.LNumber(v)
	case int:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case json.Number:
		return lua.LString(v)
	case []any:
		t := l.CreateTable(len(v), 0)
		for _, item := range v {
			t.Append(decode(l, item))
		}
		return t
	case map[string]any:
		t := l.CreateTable(0, len(v))
		for key, item := range v {
			t.RawSetH(lua.LString(key), decode(l, item))
		}
		return t
	}
	return lua.LNil
}

// The safe os: only time and date.
var safeOs = map[string]lua.LGFunction{"time": osTime, "date": osDate}

// As argo-cd's OpenSafeOs does: into the table module (see the header).
func openSafeOs(l *lua.LState) int {
	l.Push(l.RegisterModule(lua.TabLibName, safeOs))
	return 1
}

func safeOsLoader(l *lua.LState) int {
	l.Push(l.SetFuncs(l.NewTable(), safeOs))
	return 1
}

func osTime(l *lua.LState) int {
	if l.GetTop() == 0 {
		l.Push(lua.LNumber(time.Now().Unix()))
		return 1
	}
	t := l.CheckTable(1)
	field := func(name string, def int) int {
		if n, ok := t.RawGetString(name).(lua.LNumber); ok {
			return int(n)
		}
		return def
	}
	at := time.Date(field("year", -1), time.Month(field("month", -1)), field("day", -1), field("hour", 12), field("min", 0), field("sec", 0), 0, time.Local)
	l.Push(lua.LNumber(at.Unix()))
	return 1
}

// osDate supports "*t" (a table) and, for any other format, RFC 3339; "!" selects UTC.
func osDate(l *lua.LState) int {
	format := l.OptString(1, "%c")
	at := time.Now()
	if len(format) > 0 && format[0] == '!' {
		at, format = at.UTC(), format[1:]
	}
	if l.GetTop() >= 2 {
		at = time.Unix(l.CheckInt64(2), 0)
	}
	if format == "*t" {
		t := l.NewTable()
		for name, v := range map[string]int{"year": at.Year(), "month": int(at.Month()), "day": at.Day(), "hour": at.Hour(), "min": at.Minute(), "sec": at.Second(), "wday": int(at.Weekday()) + 1} {
			t.RawSetString(name, lua.LNumber(v))
		}
		l.Push(t)
		return 1
	}
	l.Push(lua.LString(at.Format(time.RFC3339)))
	return 1
}

func readYAML(path string, into any) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return yaml.Unmarshal(text, into)
}

func caseDir(dir, mode string, openLibs bool) ([]caseResult, error) {
	script, err := os.ReadFile(filepath.Join(dir, "health.lua"))
	if err != nil {
		return nil, err
	}
	var tests testFile
	if err := readYAML(filepath.Join(dir, "health_test.yaml"), &tests); err != nil {
		return nil, err
	}
	var out []caseResult
	for _, tc := range tests.Tests {
		expected := tc.HealthStatus
		r := caseResult{Dir: dir, InputPath: tc.InputPath, Mode: mode, Expected: &expected}
		obj := map[string]any{}
		if err := readYAML(filepath.Join(dir, tc.InputPath), &obj); err != nil {
			return nil, err
		}
		if hs, err := run(string(script), obj, openLibs); err != nil {
			r.Error = err.Error()
		} else {
			r.Actual = hs
		}
		out = append(out, r)
	}
	return out, nil
}

func main() {
	mode := flag.String("mode", "argocd-cm", "argocd-cm (no standard libraries) or built-in (open libraries)")
	scriptPath := flag.String("script", "", "run this script on a JSON array of objects read from stdin")
	flag.Parse()
	if *mode != "argocd-cm" && *mode != "built-in" {
		fmt.Fprintf(os.Stderr, "unknown -mode %q\n", *mode)
		os.Exit(2)
	}
	openLibs := *mode == "built-in"
	results := []caseResult{}
	if *scriptPath != "" {
		script, err := os.ReadFile(*scriptPath)
		input, err2 := io.ReadAll(os.Stdin)
		var objects []map[string]any
		if err == nil && err2 == nil {
			err = json.Unmarshal(input, &objects)
		}
		if err = errors.Join(err, err2); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for _, obj := range objects {
			r := caseResult{Mode: *mode}
			if hs, err := run(string(script), obj, openLibs); err != nil {
				r.Error = err.Error()
			} else {
				r.Actual = hs
			}
			results = append(results, r)
		}
	} else {
		for _, dir := range flag.Args() {
			rs, err := caseDir(dir, *mode, openLibs)
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			results = append(results, rs...)
		}
	}
	text, _ := json.MarshalIndent(results, "", "  ")
	fmt.Println(string(text))
}
