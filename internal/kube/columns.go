package kube

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/cli-runtime/pkg/printers"
	"k8s.io/client-go/util/jsonpath"
)

// relaxed is kubectl's custom-columns path: "a.b", ".a.b", "{a.b}" or "{.a.b}".
var relaxed = regexp.MustCompile(`^\{\.?([^{}]+)\}$|^\.?([^{}]+)$`)

// CustomColumns prints objects as `kubectl get -o custom-columns=SPEC`
// prints them: each column's jsonpath read from the object as the API
// server sends it (JSON, so a quantity is "200m", not a Go struct), a
// missing value as <none>, several values joined by commas, in kubectl's
// tab writer. It is kubectl's own printer (k8s.io/kubectl/pkg/cmd/get),
// without the start-up cost of importing that package.
func CustomColumns(w io.Writer, spec string, objs ...runtime.Object) error {
	if spec == "" {
		return fmt.Errorf("custom-columns format specified but no custom columns given")
	}
	var headers []string
	var parsers []*jsonpath.JSONPath
	for i, part := range strings.Split(spec, ",") {
		header, path, ok := strings.Cut(part, ":")
		if !ok {
			return fmt.Errorf("unexpected custom-columns spec: %s, expected <header>:<json-path-expr>", part)
		}
		m := relaxed.FindStringSubmatch(path)
		if path != "" && m == nil {
			return fmt.Errorf("unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'")
		}
		if m != nil {
			path = "{." + m[1] + m[2] + "}"
		}
		p := jsonpath.New(fmt.Sprintf("column%d", i)).AllowMissingKeys(true)
		if err := p.Parse(path); err != nil {
			return err
		}
		headers = append(headers, header)
		parsers = append(parsers, p)
	}
	tw := printers.GetNewTabWriter(w)
	fmt.Fprintln(tw, strings.Join(headers, "\t"))
	for _, obj := range objs {
		data, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
		if err != nil {
			return err
		}
		cells := make([]string, len(parsers))
		for i, p := range parsers {
			results, err := p.FindResults(data)
			if err != nil {
				return err
			}
			var values []string
			if len(results) == 0 || len(results[0]) == 0 {
				values = append(values, "<none>")
			}
			for _, r := range results {
				for _, v := range r {
					values = append(values, printers.EscapeTerminal(fmt.Sprint(v.Interface())))
				}
			}
			cells[i] = strings.Join(values, ",")
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}
