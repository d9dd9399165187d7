package lessons

import (
	"context"
	"slices"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// StaleName asks, from inside a Pod's container, what a Service's name
// leads to (`nslookup NAME`, as a student would), and compares it with
// the Service's own address. When they differ, the cluster's DNS still
// gives the address of a Service of that name deleted a moment ago: the
// check says the text key, filled with Namespace, Pod, Container, Name (the
// Service), Old (what the name gave) and IP (the Service's address).
func StaleName(key, pod, container, service string) Check {
	return func(ctx context.Context, s *Session) (Line, bool) {
		svc, err := s.Clients.Client.CoreV1().Services(s.Namespace).Get(ctx, service, metav1.GetOptions{})
		if err != nil || svc.Spec.ClusterIP == "" {
			return Line{}, false
		}
		r, err := s.exec(ctx, pod, container, []string{"nslookup", service})
		if err != nil || r.ExitCode != 0 {
			return Line{}, false
		}
		got := kube.LookedUp(r.Stdout)
		if len(got) == 0 || slices.Contains(got, svc.Spec.ClusterIP) {
			return Line{}, false
		}
		return s.Line(key, text.Facts{
			"Namespace": s.Namespace, "Pod": pod, "Container": container, "Name": service,
			"Old": strings.Join(got, ", "), "IP": svc.Spec.ClusterIP,
		}), true
	}
}
