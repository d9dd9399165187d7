package kube

import (
	"bytes"
	"fmt"
	"text/tabwriter"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/duration"
)

// PodTable prints Pods the way `kubectl get pods` (and `-o wide`) does.
func PodTable(pods []corev1.Pod, wide bool, now time.Time) string {
	if len(pods) == 0 {
		return "No resources found.\n"
	}
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	head := "NAME\tREADY\tSTATUS\tRESTARTS\tAGE"
	if wide {
		head += "\tIP\tNODE\tNOMINATED NODE\tREADINESS GATES"
	}
	fmt.Fprintln(w, head)
	for i := range pods {
		p := &pods[i]
		restarts := fmt.Sprint(Restarts(p))
		if last := lastRestart(p); !last.IsZero() && Restarts(p) > 0 {
			restarts += fmt.Sprintf(" (%s ago)", duration.HumanDuration(now.Sub(last)))
		}
		row := fmt.Sprintf("%s\t%s\t%s\t%s\t%s", p.Name, Ready(p), PodStatus(p), restarts, Age(p.CreationTimestamp.Time, now))
		if wide {
			row += fmt.Sprintf("\t%s\t%s\t%s\t%s", none(p.Status.PodIP), none(p.Spec.NodeName), none(p.Status.NominatedNodeName), "<none>")
		}
		fmt.Fprintln(w, row)
	}
	w.Flush()
	return b.String()
}

func lastRestart(p *corev1.Pod) time.Time {
	var t time.Time
	for _, c := range append(append([]corev1.ContainerStatus{}, p.Status.InitContainerStatuses...), p.Status.ContainerStatuses...) {
		if term := c.LastTerminationState.Terminated; term != nil && term.FinishedAt.After(t) {
			t = term.FinishedAt.Time
		}
	}
	return t
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
