package lessons

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/duration"
	explain "k8s.io/kubectl/pkg/explain/v2"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// Events lists the Events about one Pod, like
// `kubectl get events --field-selector involvedObject.name=POD`.
func Events(pod string) Action {
	return withPodEvents("kubectl get events --field-selector involvedObject.name="+pod, pod, func(s *Session, p *corev1.Pod, events []corev1.Event) (report.Output, error) {
		var b strings.Builder
		w := tabwriter.NewWriter(&b, 0, 8, 3, ' ', 0)
		fmt.Fprintln(w, "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE")
		for i := range events {
			e := &events[i]
			msg, _, _ := strings.Cut(strings.TrimSpace(e.Message), "\n")
			fmt.Fprintf(w, "%s\t%s\t%s\tpod/%s\t%s\n", duration.HumanDuration(s.Env.Time().Sub(kube.EventLast(e))), e.Type, e.Reason, p.Name, msg)
		}
		w.Flush()
		return report.Quoted(b.String()), nil
	})
}

// Explain prints the API server's documentation of a Pod field, like
// `kubectl explain pod.spec...`: read from the server's OpenAPI.
func Explain(field string) Action { return &explainAction{field: field} }

type explainAction struct {
	noPlan
	field string
}

func (a *explainAction) show(s *Session) string { return s.kubectl("explain " + a.field) }

func (a *explainAction) run(_ context.Context, s *Session) (report.Output, error) {
	path := strings.Split(a.field, ".")
	var b strings.Builder
	gvr := schema.GroupVersionResource{Version: "v1", Resource: "pods"}
	openAPI := s.Env.Clients.OpenAPI
	if openAPI == nil {
		openAPI = s.Env.Clients.Client.Discovery().OpenAPIV3
	}
	if err := explain.PrintModelDescription(path[1:], &b, openAPI(), gvr, false, 0, "plaintext"); err != nil {
		return report.Output{}, fmt.Errorf("explain %s: %w", a.field, err)
	}
	return report.Quoted(b.String()), nil
}
