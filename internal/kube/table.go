package kube

import (
	"bytes"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/cli-runtime/pkg/printers"
)

// PodTable prints Pods the way `kubectl get pods` (and `-o wide`) does:
// kubectl's own columns and rows, through kubectl's table printer.
func PodTable(pods []corev1.Pod, wide bool, now time.Time) string {
	if len(pods) == 0 {
		return "No resources found.\n"
	}
	table := &metav1.Table{ColumnDefinitions: podColumns}
	for i := range pods {
		table.Rows = append(table.Rows, podRow(&pods[i], now))
	}
	var b bytes.Buffer
	if err := printers.NewTablePrinter(printers.PrintOptions{Wide: wide}).PrintObj(table, &b); err != nil {
		return err.Error() + "\n"
	}
	return b.String()
}

// Age prints a duration the way kubectl's AGE column does.
func Age(created, now time.Time) string {
	if created.IsZero() {
		return "<unknown>"
	}
	return duration.HumanDuration(now.Sub(created))
}

func none(s string) string {
	if s == "" {
		return "<none>"
	}
	return s
}

// Columns lays out a table as kubectl's tab writer does (cli-runtime's
// printers.GetNewTabWriter: each column at least 6 wide, 3 spaces apart),
// but measures each cell in terminal columns, so Korean, two columns a
// letter, lines up too.
func Columns(head []string, rows [][]string) string {
	all := append([][]string{head}, rows...)
	var widths []int
	for _, r := range all {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 6)
			}
			if w := ansi.StringWidth(c) + 3; w > widths[i] {
				widths[i] = w
			}
		}
	}
	var b strings.Builder
	for _, r := range all {
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)))
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
