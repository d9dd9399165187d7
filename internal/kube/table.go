package kube

import (
	"bytes"
	"time"

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
