package lessons

import (
	"context"
	"errors"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/report"
)

// ServiceCheck hands the Service's cluster IP and what the command printed
// to the lesson's judge; with no such Service, or a command that fails, it
// finds nothing.
func TestServiceCheck(t *testing.T) {
	svc := &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "backend", Namespace: "kpod"}, Spec: corev1.ServiceSpec{ClusterIP: "10.96.0.9"}}
	s := testSession()
	var fail error
	s.Env.Clients = &kube.Clients{Client: fake.NewClientset(svc), Exec: func(_ context.Context, ns, pod, c string, cmd []string) (string, string, error) {
		return ns + " " + pod + " " + c + " " + cmd[0], "", fail
	}}
	var got []string
	judge := func(_ View, ip, out string) (report.Line, bool) {
		got = append(got, ip, out)
		return report.Plain("stale"), true
	}
	if l, ok := ServiceCheck("app", "proxy", "backend", []string{"nslookup"}, judge)(context.Background(), s.View()); !ok || l.Text != "stale" ||
		len(got) != 2 || got[0] != "10.96.0.9" || got[1] != "kpod app proxy nslookup" {
		t.Errorf("found %v %q, judged %q", ok, l.Text, got)
	}
	got = nil
	if _, ok := ServiceCheck("app", "proxy", "gone", []string{"nslookup"}, judge)(context.Background(), s.View()); ok || got != nil {
		t.Errorf("no Service: found %v, judged %q", ok, got)
	}
	fail = errors.New("no nslookup in the image")
	if _, ok := ServiceCheck("app", "proxy", "backend", []string{"nslookup"}, judge)(context.Background(), s.View()); ok || got != nil {
		t.Errorf("a failed command: found %v, judged %q", ok, got)
	}
}
