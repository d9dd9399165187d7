package kube

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"k8s.io/cli-runtime/pkg/printers"
)

// In ASCII, Columns is kubectl's tab writer to the byte; in Korean, its
// columns still start at the same terminal column on every line.
func TestColumns(t *testing.T) {
	head := []string{"", "BEFORE", "AFTER"}
	rows := [][]string{{"pause PID", "4021", "4021"}, {"network namespace", "net:[4026532]", "net:[4026532]"}, {"Pod IP", "10.244.0.5", ""}, {"x", "", "y"}}
	var want bytes.Buffer
	w := printers.GetNewTabWriter(&want)
	for _, r := range append([][]string{head}, rows...) {
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	w.Flush()
	if got := Columns(head, rows); got != want.String() {
		t.Errorf("ASCII table differs from kubectl's tab writer:\n%q\nwant\n%q", got, want.String())
	}
	ko := Columns([]string{"", "전", "후"}, [][]string{{"네트워크 네임스페이스", "net:[1]", "net:[1]"}, {"파드 IP", "10.244.0.5", "10.244.0.5"}})
	var starts []int
	for _, l := range strings.Split(strings.TrimSuffix(ko, "\n"), "\n") {
		i := strings.LastIndex(l, " ")
		starts = append(starts, ansi.StringWidth(l[:i+1]))
	}
	for _, s := range starts[1:] {
		if s != starts[0] {
			t.Errorf("last column starts at %v:\n%s", starts, ko)
		}
	}
}
