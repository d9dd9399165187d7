package kube

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/client-go/kubernetes"
)

// describeTime is how `kubectl describe` prints a point in time.
const describeTime = time.RFC1123Z

// DescribeProbe prints a probe the way `kubectl describe pod` does on its
// Liveness:, Readiness: and Startup: lines.
func DescribeProbe(p *corev1.Probe) string {
	attrs := fmt.Sprintf("delay=%ds timeout=%ds period=%ds #success=%d #failure=%d",
		p.InitialDelaySeconds, p.TimeoutSeconds, p.PeriodSeconds, p.SuccessThreshold, p.FailureThreshold)
	switch {
	case p.Exec != nil:
		return fmt.Sprintf("exec %v %s", p.Exec.Command, attrs)
	case p.HTTPGet != nil:
		u := &url.URL{Scheme: strings.ToLower(string(p.HTTPGet.Scheme)), Host: p.HTTPGet.Host, Path: p.HTTPGet.Path}
		if port := p.HTTPGet.Port.String(); port != "" {
			u.Host = net.JoinHostPort(p.HTTPGet.Host, port)
		}
		return fmt.Sprintf("http-get %s %s", u, attrs)
	case p.TCPSocket != nil:
		return fmt.Sprintf("tcp-socket %s:%s %s", p.TCPSocket.Host, p.TCPSocket.Port.String(), attrs)
	case p.GRPC != nil:
		service := ""
		if p.GRPC.Service != nil {
			service = *p.GRPC.Service
		}
		return fmt.Sprintf("grpc <pod>:%d %s %s", p.GRPC.Port, service, attrs)
	}
	return "unknown " + attrs
}

// PodEvents lists the Events about one Pod (this very Pod, not an earlier
// one of the same name), oldest first.
func PodEvents(ctx context.Context, c kubernetes.Interface, pod *corev1.Pod) ([]corev1.Event, error) {
	sel := fields.Set{"involvedObject.kind": "Pod", "involvedObject.name": pod.Name}
	if pod.UID != "" {
		sel["involvedObject.uid"] = string(pod.UID)
	}
	list, err := c.CoreV1().Events(pod.Namespace).List(ctx, metav1.ListOptions{FieldSelector: sel.AsSelector().String()})
	if err != nil {
		return nil, Explain(err)
	}
	var out []corev1.Event
	for _, e := range list.Items { // a fake clientset ignores field selectors
		if e.InvolvedObject.Name == pod.Name && (pod.UID == "" || e.InvolvedObject.UID == pod.UID) {
			out = append(out, e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return EventLast(&out[i]).Before(EventLast(&out[j])) })
	return out, nil
}

// EventFirst returns when e first happened.
func EventFirst(e *corev1.Event) time.Time {
	switch {
	case !e.EventTime.IsZero():
		return e.EventTime.Time
	case !e.FirstTimestamp.IsZero():
		return e.FirstTimestamp.Time
	}
	return e.CreationTimestamp.Time
}

// EventLast returns when e last happened.
func EventLast(e *corev1.Event) time.Time {
	switch {
	case e.Series != nil && !e.Series.LastObservedTime.IsZero():
		return e.Series.LastObservedTime.Time
	case !e.LastTimestamp.IsZero():
		return e.LastTimestamp.Time
	}
	return EventFirst(e)
}

// EventCount returns how many times e happened.
func EventCount(e *corev1.Event) int32 {
	n := e.Count
	if e.Series != nil && e.Series.Count > n {
		n = e.Series.Count
	}
	return max(n, 1)
}

// eventTable prints Events as the Events: table of `kubectl describe`.
func eventTable(events []corev1.Event, now time.Time) string {
	if len(events) == 0 {
		return "Events:  <none>\n"
	}
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	fmt.Fprintln(w, "Events:\n  Type\tReason\tAge\tFrom\tMessage")
	fmt.Fprintln(w, "  ----\t------\t----\t----\t-------")
	for i := range events {
		e := &events[i]
		age := since(EventFirst(e), now)
		if n := EventCount(e); n > 1 {
			age = fmt.Sprintf("%s (x%d over %s)", since(EventLast(e), now), n, age)
		}
		from := e.Source.Component
		if from == "" {
			from = e.ReportingController
		}
		fmt.Fprintf(w, "  %s\t%s\t%s\t%s\t%s\n", e.Type, e.Reason, age, from, strings.TrimSpace(e.Message))
	}
	w.Flush()
	return b.String()
}

func since(t, now time.Time) string {
	if t.IsZero() {
		return "<unknown>"
	}
	return duration.HumanDuration(now.Sub(t))
}

// Describe prints a Pod the way `kubectl describe pod` does, keeping the
// parts that say what happened to it: its status, each container's state,
// last state, restarts and probes, and its Events.
func Describe(pod *corev1.Pod, events []corev1.Event, now time.Time) string {
	var b bytes.Buffer
	w := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	node := pod.Spec.NodeName
	if node != "" && pod.Status.HostIP != "" {
		node += "/" + pod.Status.HostIP
	}
	fmt.Fprintf(w, "Name:\t%s\n", pod.Name)
	fmt.Fprintf(w, "Namespace:\t%s\n", pod.Namespace)
	fmt.Fprintf(w, "Node:\t%s\n", none(node))
	if pod.Status.StartTime != nil {
		fmt.Fprintf(w, "Start Time:\t%s\n", pod.Status.StartTime.Format(describeTime))
	}
	status := string(pod.Status.Phase)
	if pod.DeletionTimestamp != nil {
		status = "Terminating"
	}
	fmt.Fprintf(w, "Status:\t%s\n", status)
	if pod.Status.Reason != "" {
		fmt.Fprintf(w, "Reason:\t%s\n", pod.Status.Reason)
	}
	fmt.Fprintf(w, "IP:\t%s\n", pod.Status.PodIP)
	w.Flush()
	if len(pod.Spec.InitContainers) > 0 {
		b.WriteString("Init Containers:\n")
		describeContainers(&b, pod.Spec.InitContainers, pod.Status.InitContainerStatuses)
	}
	b.WriteString("Containers:\n")
	describeContainers(&b, pod.Spec.Containers, pod.Status.ContainerStatuses)
	if len(pod.Status.Conditions) > 0 {
		w = tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
		fmt.Fprintln(w, "Conditions:\n  Type\tStatus")
		for _, c := range pod.Status.Conditions {
			fmt.Fprintf(w, "  %s\t%s\n", c.Type, c.Status)
		}
		w.Flush()
	}
	if pod.Status.QOSClass != "" {
		fmt.Fprintf(&b, "QoS Class:       %s\n", pod.Status.QOSClass)
	}
	b.WriteString(eventTable(events, now))
	return b.String()
}

// describeResources prints a container's limits or requests as kubectl
// describe does: cpu, then memory, then the rest by name.
func describeResources(w *tabwriter.Writer, label string, list corev1.ResourceList) {
	if len(list) == 0 {
		return
	}
	names := make([]string, 0, len(list))
	for name := range list {
		names = append(names, string(name))
	}
	rank := func(n string) string {
		switch n {
		case string(corev1.ResourceCPU):
			return "0"
		case string(corev1.ResourceMemory):
			return "1"
		}
		return "2" + n
	}
	sort.Slice(names, func(i, j int) bool { return rank(names[i]) < rank(names[j]) })
	fmt.Fprintf(w, "    %s:\n", label)
	for _, n := range names {
		q := list[corev1.ResourceName(n)]
		fmt.Fprintf(w, "      %s:\t%s\n", n, q.String())
	}
}

func describeContainers(b *bytes.Buffer, specs []corev1.Container, statuses []corev1.ContainerStatus) {
	for _, c := range specs {
		var st corev1.ContainerStatus
		for _, s := range statuses {
			if s.Name == c.Name {
				st = s
			}
		}
		w := tabwriter.NewWriter(b, 0, 8, 2, ' ', 0)
		fmt.Fprintf(w, "  %s:\n", c.Name)
		fmt.Fprintf(w, "    Image:\t%s\n", c.Image)
		if len(c.Command) > 0 {
			fmt.Fprintf(w, "    Command:\t%s\n", strings.Join(c.Command, " "))
		}
		if len(c.Args) > 0 {
			fmt.Fprintf(w, "    Args:\t%s\n", strings.Join(c.Args, " "))
		}
		describeState(w, "State", st.State)
		if st.LastTerminationState != (corev1.ContainerState{}) {
			describeState(w, "Last State", st.LastTerminationState)
		}
		ready := "False"
		if st.Ready {
			ready = "True"
		}
		fmt.Fprintf(w, "    Ready:\t%s\n", ready)
		fmt.Fprintf(w, "    Restart Count:\t%d\n", st.RestartCount)
		describeResources(w, "Limits", c.Resources.Limits)
		describeResources(w, "Requests", c.Resources.Requests)
		for _, p := range []struct {
			name  string
			probe *corev1.Probe
		}{{"Liveness", c.LivenessProbe}, {"Readiness", c.ReadinessProbe}, {"Startup", c.StartupProbe}} {
			if p.probe != nil {
				fmt.Fprintf(w, "    %s:\t%s\n", p.name, DescribeProbe(p.probe))
			}
		}
		w.Flush()
	}
}

func describeState(w *tabwriter.Writer, label string, s corev1.ContainerState) {
	switch {
	case s.Running != nil:
		fmt.Fprintf(w, "    %s:\tRunning\n", label)
		fmt.Fprintf(w, "      Started:\t%s\n", s.Running.StartedAt.Format(describeTime))
	case s.Waiting != nil:
		fmt.Fprintf(w, "    %s:\tWaiting\n", label)
		if s.Waiting.Reason != "" {
			fmt.Fprintf(w, "      Reason:\t%s\n", s.Waiting.Reason)
		}
	case s.Terminated != nil:
		t := s.Terminated
		fmt.Fprintf(w, "    %s:\tTerminated\n", label)
		if t.Reason != "" {
			fmt.Fprintf(w, "      Reason:\t%s\n", t.Reason)
		}
		fmt.Fprintf(w, "      Exit Code:\t%d\n", t.ExitCode)
		if t.Signal != 0 {
			fmt.Fprintf(w, "      Signal:\t%d\n", t.Signal)
		}
		fmt.Fprintf(w, "      Started:\t%s\n", t.StartedAt.Format(describeTime))
		fmt.Fprintf(w, "      Finished:\t%s\n", t.FinishedAt.Format(describeTime))
	default:
		fmt.Fprintf(w, "    %s:\tWaiting\n", label)
	}
}
