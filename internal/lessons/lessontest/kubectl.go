package lessontest

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// volatile columns change between kpod's run and kubectl's: not compared.
var volatile = map[string]bool{"AGE": true, "STATUS": true, "RESTARTS": true, "READY": true}

// ShownAsKubectl runs, on the cluster, every `kubectl get` and `kubectl
// describe` a lesson showed (run it with --keep, so its objects are still
// there), and fails where kpod's shown output is not what kubectl prints:
// get's columns and, for each object both list, its values outside the
// columns that change with time; describe's field names. Objects gone since
// are skipped. Every `kubectl wait` it showed must be one kubectl takes
// (waitTaken). It returns how many commands it compared.
func ShownAsKubectl(t testing.TB, r Result) int {
	t.Helper()
	compared := 0
	for i, m := range r.Records {
		cmd, _ := m["command"].(string)
		if m["type"] == "command" && strings.HasPrefix(cmd, "kubectl wait ") {
			if waitTaken(t, cmd) {
				compared++
			}
			continue
		}
		if m["type"] != "command" || !(strings.HasPrefix(cmd, "kubectl get ") || strings.HasPrefix(cmd, "kubectl describe ")) ||
			strings.Contains(cmd, "|") || strings.Contains(cmd, " -o json") || strings.Contains(cmd, " -o yaml") || strings.Contains(cmd, " -w") || strings.Contains(cmd, " --watch") {
			continue
		}
		var shown string
		for _, n := range r.Records[i+1:] {
			if n["type"] == "output" {
				shown, _ = n["text"].(string)
				break
			}
			if n["type"] == "command" || n["type"] == "step" {
				break
			}
		}
		if shown == "" {
			continue
		}
		args := words(cmd)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		out, err := exec.CommandContext(ctx, "kubectl", args[1:]...).Output()
		cancel()
		if err != nil || strings.TrimSpace(string(out)) == "" {
			continue // gone since
		}
		compared++
		if strings.HasPrefix(cmd, "kubectl describe ") {
			// kpod shows the fields a step is about, in kubectl's order,
			// and says that kubectl prints more.
			if got, want := fieldNames(shown), fieldNames(string(out)); !inOrder(got, want) {
				t.Errorf("%s: kpod showed fields\n%s\nnot all of them, in this order, in what kubectl prints\n%s", cmd, strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			continue
		}
		if strings.Contains(cmd, "jsonpath") {
			continue // values read at another time
		}
		compareTable(t, cmd, shown, string(out))
	}
	return compared
}

// waitTaken runs a shown `kubectl wait` on the cluster for a second:
// met, or timed out (the Pod has moved on since), kubectl took it; any
// other error, a --for this kubectl cannot read or a jsonpath that finds
// more than one value, fails t. It reports whether it compared: a Pod gone
// since, or --for=delete, is skipped.
func waitTaken(t testing.TB, cmd string) bool {
	t.Helper()
	if strings.Contains(cmd, "--for=delete") {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, "kubectl", append(words(cmd)[1:], "--timeout=1s")...).CombinedOutput()
	switch {
	case err == nil || strings.Contains(string(out), "timed out waiting"):
		return true
	case strings.Contains(string(out), "NotFound") || strings.Contains(string(out), "not found"):
		return false
	}
	t.Errorf("%s: kubectl does not take it: %s", cmd, out)
	return true
}

// inOrder reports whether every one of some is in all, in the same order.
func inOrder(some, all []string) bool {
	i := 0
	for _, a := range all {
		if i < len(some) && some[i] == a {
			i++
		}
	}
	return len(some) > 0 && i == len(some)
}

// fieldNames are describe's top-level field names, in order.
func fieldNames(s string) []string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue
		}
		if name, _, ok := strings.Cut(line, ":"); ok {
			out = append(out, name)
		}
		if strings.HasPrefix(line, "Events:") {
			break
		}
	}
	return out
}

func compareTable(t testing.TB, cmd, shown, printed string) {
	t.Helper()
	shownRows, printedRows := rows(shown), rows(printed)
	if len(shownRows) == 0 || len(printedRows) == 0 {
		return
	}
	head := shownRows[0]
	if strings.Join(head, " ") != strings.Join(printedRows[0], " ") {
		t.Errorf("%s: kpod's columns %v, kubectl's %v", cmd, head, printedRows[0])
		return
	}
	byName := map[string][]string{}
	for _, row := range printedRows[1:] {
		byName[row[0]] = row
	}
	for _, row := range shownRows[1:] {
		want, ok := byName[row[0]]
		if !ok {
			continue
		}
		if len(row) != len(want) {
			t.Errorf("%s: kpod showed %v, kubectl prints %v", cmd, row, want)
			continue
		}
		for c := range head {
			if !volatile[head[c]] && row[c] != want[c] {
				t.Errorf("%s: %s of %s: kpod showed %q, kubectl prints %q", cmd, head[c], row[0], row[c], want[c])
			}
		}
	}
}

// rows splits a table on runs of two or more spaces, as kubectl pads it.
func rows(s string) [][]string {
	var out [][]string
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		var cells []string
		for _, c := range strings.Split(line, "  ") {
			if c = strings.TrimSpace(c); c != "" {
				cells = append(cells, c)
			}
		}
		if len(cells) > 0 {
			out = append(out, cells)
		}
	}
	return out
}

// words splits a shown command as sh would (see ShellWords).
func words(cmd string) []string {
	out, _ := ShellWords(cmd)
	return out
}

// ShellWords cuts a shell line into words, with '...' and "..." quotes
// (no escapes inside) and spaces or tabs between words. An unclosed quote
// is an error; the words read up to it come with it.
func ShellWords(line string) ([]string, error) {
	var out []string
	var cur strings.Builder
	in, quote := false, rune(0)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t':
			if in {
				out = append(out, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if in {
		out = append(out, cur.String())
	}
	if quote != 0 {
		return out, fmt.Errorf("unclosed quote")
	}
	return out, nil
}
