// Evaluates Argo Rollouts metric conditions on Prometheus query results the way Argo Rollouts
// does, so that our tests see the phase a measurement would get. What it does, read at the
// source (argoproj/argo-rollouts v1.9.1):
//
//   - metricproviders/prometheus/prometheus.go, processResponse: a scalar result becomes a
//     float64; a vector or matrix becomes a []float64 of every sample's value (none: an empty
//     slice), in the order of the response;
//   - utils/evaluate/evaluate.go, EvalCondition: the condition is compiled with expr
//     (github.com/expr-lang/expr) against an environment holding `result` and the helpers
//     asInt, asFloat, isNaN, isInf, isNil and default; it must return a bool;
//   - EvaluateResult: an error evaluating either condition is the Error phase; with both
//     conditions, failure wins, then success, and neither true is Inconclusive; with only a
//     success condition, not successful is Failed; with only a failure condition, not failed is
//     Successful; with none, Successful.
//
// The helpers are ours, with the behaviour Argo Rollouts gives them; nothing is copied.
//
// Input (stdin): a JSON array of {successCondition, failureCondition, data}, `data` being the
// `data` object of a Prometheus /api/v1/query answer ({resultType, result}). Output: a JSON array
// of {phase, value, error}, value as Argo Rollouts records it ("[0.01,NaN]").
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"

	"github.com/expr-lang/expr"
)

type input struct {
	SuccessCondition string `json:"successCondition"`
	FailureCondition string `json:"failureCondition"`
	Data             struct {
		ResultType string          `json:"resultType"`
		Result     json.RawMessage `json:"result"`
	} `json:"data"`
}

type output struct {
	Phase string `json:"phase"`
	Value string `json:"value"`
	Error string `json:"error,omitempty"`
}

// sampleValue reads a Prometheus sample [time, "value"]; Go's ParseFloat reads NaN, +Inf and -Inf.
func sampleValue(pair []json.RawMessage) (float64, error) {
	if len(pair) != 2 {
		return 0, fmt.Errorf("a sample is [time, value], got %d elements", len(pair))
	}
	var text string
	if err := json.Unmarshal(pair[1], &text); err != nil {
		return 0, err
	}
	return strconv.ParseFloat(text, 64)
}

func formatValue(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// result turns the answer into what the Prometheus provider hands EvaluateResult, and the value it records.
func result(in input) (any, string, error) {
	switch in.Data.ResultType {
	case "scalar":
		var pair []json.RawMessage
		if err := json.Unmarshal(in.Data.Result, &pair); err != nil {
			return nil, "", err
		}
		v, err := sampleValue(pair)
		return v, formatValue(v), err
	case "vector", "matrix":
		var series []struct {
			Value  []json.RawMessage   `json:"value"`
			Values [][]json.RawMessage `json:"values"`
		}
		if err := json.Unmarshal(in.Data.Result, &series); err != nil {
			return nil, "", err
		}
		values := []float64{}
		for _, s := range series {
			pairs := s.Values
			if in.Data.ResultType == "vector" {
				pairs = [][]json.RawMessage{s.Value}
			}
			for _, p := range pairs {
				v, err := sampleValue(p)
				if err != nil {
					return nil, "", err
				}
				values = append(values, v)
			}
		}
		texts := make([]string, len(values))
		for i, v := range values {
			texts[i] = formatValue(v)
		}
		return values, "[" + strings.Join(texts, ",") + "]", nil
	}
	return nil, "", errors.New("Prometheus metric type not supported")
}

func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch reflect.TypeOf(v).Kind() {
	case reflect.Ptr, reflect.Map, reflect.Array, reflect.Chan, reflect.Slice:
		return reflect.ValueOf(v).IsNil()
	}
	return false
}

func toFloat(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case float32:
		return float64(n)
	case int:
		return float64(n)
	case int64:
		return float64(n)
	case string:
		f, err := strconv.ParseFloat(n, 64)
		if err != nil {
			panic(err)
		}
		return f
	}
	panic(fmt.Sprintf("asFloat() not supported on %T %v", v, v))
}

func toInt(v any) int64 {
	if text, ok := v.(string); ok {
		n, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			panic(err)
		}
		return n
	}
	return int64(toFloat(v))
}

func evalCondition(value any, condition string) (bool, error) {
	env := map[string]any{
		"result":  value,
		"asInt":   toInt,
		"asFloat": toFloat,
		"isNaN":   math.IsNaN,
		"isInf":   func(f float64) bool { return math.IsInf(f, 0) },
		"isNil":   func(any) bool { return isNil(value) },
		"default": func(_ any, fallback any) any {
			if isNil(value) {
				return fallback
			}
			return value
		},
	}
	program, err := expr.Compile(condition, expr.Env(env))
	if err != nil {
		return false, err
	}
	out, err := expr.Run(program, env)
	if err != nil {
		return false, err
	}
	b, ok := out.(bool)
	if !ok {
		return false, fmt.Errorf("expected bool, but got %T", out)
	}
	return b, nil
}

func evaluate(in input) output {
	value, text, err := result(in)
	if err != nil {
		return output{Phase: "Error", Error: err.Error()}
	}
	success, failure := false, false
	if in.SuccessCondition != "" {
		if success, err = evalCondition(value, in.SuccessCondition); err != nil {
			return output{Phase: "Error", Value: text, Error: err.Error()}
		}
	}
	if in.FailureCondition != "" {
		if failure, err = evalCondition(value, in.FailureCondition); err != nil {
			return output{Phase: "Error", Value: text, Error: err.Error()}
		}
	}
	switch {
	case in.SuccessCondition == "" && in.FailureCondition == "":
		return output{Phase: "Successful", Value: text}
	case in.FailureCondition == "":
		failure = !success
	case in.SuccessCondition == "":
		success = !failure
	}
	switch {
	case failure:
		return output{Phase: "Failed", Value: text}
	case !success:
		return output{Phase: "Inconclusive", Value: text}
	}
	return output{Phase: "Successful", Value: text}
}

func main() {
	var inputs []input
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	outputs := make([]output, len(inputs))
	for i, in := range inputs {
		outputs[i] = evaluate(in)
	}
	text, _ := json.MarshalIndent(outputs, "", "  ")
	fmt.Println(string(text))
}
