package lessons

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	v1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/duration"
	explain "k8s.io/kubectl/pkg/explain/v2"

	"github.com/kpod-dev/kpod/pkg/kube"
)

// PreviousLogs shows the log of a container's previous run, the one that
// ended, like `kubectl logs POD -c C --previous`.
func PreviousLogs(pod, container string, tail int64) Action {
	return &previousLogs{pod: pod, container: container, tail: tail}
}

type previousLogs struct {
	pod, container string
	tail           int64
}

func (a *previousLogs) Show(s *Session) string {
	cmd := "logs " + a.pod
	if a.container != "" {
		cmd += " -c " + a.container
	}
	if a.tail > 0 {
		cmd += fmt.Sprintf(" --tail=%d", a.tail)
	}
	return s.Kubectl(cmd + " --previous")
}

func (a *previousLogs) Run(ctx context.Context, s *Session) (string, error) {
	opts := &v1.PodLogOptions{Container: a.container, Previous: true}
	if a.tail > 0 {
		opts.TailLines = &a.tail
	}
	b, err := s.Clients.Client.CoreV1().Pods(s.Namespace).GetLogs(a.pod, opts).DoRaw(ctx)
	if err != nil {
		return "", fmt.Errorf("previous logs of pod/%s: %w", a.pod, kube.Explain(err))
	}
	s.Report.Fact("previous.logs."+a.pod, string(b))
	return string(b), nil
}

// Events lists the Events about one Pod, like
// `kubectl get events --field-selector involvedObject.name=POD`.
func Events(pod string) Action { return &eventsAction{pod: pod} }

type eventsAction struct{ pod string }

func (a *eventsAction) Show(s *Session) string {
	return s.Kubectl("get events --field-selector involvedObject.name=" + a.pod)
}

func (a *eventsAction) Run(ctx context.Context, s *Session) (string, error) {
	_, events, err := s.PodWithEvents(ctx, a.pod)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
	fmt.Fprintln(w, "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE")
	for i := range events {
		e := &events[i]
		msg, _, _ := strings.Cut(strings.TrimSpace(e.Message), "\n")
		fmt.Fprintf(w, "%s\t%s\t%s\tpod/%s\t%s\n", duration.HumanDuration(s.Now().Sub(kube.EventLast(e))), e.Type, e.Reason, a.pod, msg)
	}
	w.Flush()
	return b.String(), nil
}

// Explain prints the API server's documentation of a Pod field, like
// `kubectl explain pod.spec...`: read from the server's OpenAPI.
func Explain(field string) Action { return &explainAction{field: field} }

type explainAction struct{ field string }

func (a *explainAction) Show(s *Session) string { return s.Kubectl("explain " + a.field) }

func (a *explainAction) Run(_ context.Context, s *Session) (string, error) {
	path := strings.Split(a.field, ".")
	var b strings.Builder
	gvr := schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	if err := explain.PrintModelDescription(path[1:], &b, s.Clients.Client.Discovery().OpenAPIV3(), gvr, false, 0, "plaintext"); err != nil {
		return "", fmt.Errorf("explain %s: %w", a.field, err)
	}
	return b.String(), nil
}

// PodYAML prints a whole Pod, spec and status, like `kubectl get pod POD -o yaml`
// (which also leaves managedFields out).
func PodYAML(pod string) Action { return &podYAML{pod: pod} }

type podYAML struct{ pod string }

func (a *podYAML) Show(s *Session) string { return s.Kubectl("get pod " + a.pod + " -o yaml") }

func (a *podYAML) Run(ctx context.Context, s *Session) (string, error) {
	p, err := s.Clients.Client.CoreV1().Pods(s.Namespace).Get(ctx, a.pod, metav1.GetOptions{})
	if err != nil {
		return "", fmt.Errorf("pod/%s: %w", a.pod, kube.Explain(err))
	}
	p.ManagedFields = nil
	p.APIVersion, p.Kind = "v1", "Pod"
	return ManifestYAML(p), nil
}
