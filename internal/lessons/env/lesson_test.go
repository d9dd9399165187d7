package env

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/replay"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/text/texttest"
)

func noEnv(string) string { return "" }

func TestDryRun(t *testing.T) {
	for _, lang := range text.Languages {
		out := lessontest.DryRun(t, Lesson, lang)
		for _, want := range []string{"kubectl run web-plain --image=nginx:1.30-alpine --port=80 -n kpod", "kubectl exec web-env -n kpod -- env | sort", "fieldPath: status.podIP", "divisor: 1Mi"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s dry run lacks %q", lang, want)
			}
		}
	}
}

func TestTexts(t *testing.T) {
	lessontest.Texts(t, Lesson)
}

func TestManifest(t *testing.T) {
	objs := lessontest.Manifest(t, "pod-env.yaml")
	if len(objs) != 1 {
		t.Fatalf("pod-env.yaml holds %d objects: %v", len(objs), objs)
	}
	p := objs[0].(*corev1.Pod)
	names := map[string]corev1.EnvVar{}
	for _, e := range p.Spec.Containers[0].Env {
		names[e.Name] = e
	}
	if p.Name != pod || names[fileOverride].Value == "" || names["GREETING"].Value == "" {
		t.Errorf("pod-env.yaml: %s %v", p.Name, names)
	}
	for _, k := range []string{"POD_NAME", "POD_NAMESPACE", "POD_IP", "NODE_NAME", "MEMORY_LIMIT_MIB", "CPU_LIMIT_MILLICORES"} {
		if names[k].ValueFrom == nil {
			t.Errorf("%s is not from the Downward API", k)
		}
	}
}

func TestOriginAndPick(t *testing.T) {
	for name, want := range map[string]string{
		"KUBERNETES_SERVICE_HOST": "src.kubernetes", "MYSVC_PORT_80_TCP_ADDR": "src.kubernetes", "MYSVC_SERVICE_PORT_HTTP": "src.kubernetes",
		"HOSTNAME": "src.runtime", "HOME": "src.runtime", "NGINX_VERSION": "src.image", "PATH": "src.image", "APP_PORT": "src.image",
	} {
		if got := origin(name, "8080"); got != want {
			t.Errorf("origin(%s) = %s, want %s", name, got, want)
		}
	}
	if got := origin("MYSVC_PORT", "tcp://10.96.0.7:80"); got != "src.kubernetes" {
		t.Errorf("a Service's _PORT variable: %s", got)
	}
	nginx := map[string]string{"PATH": "/bin", "NGINX_VERSION": "1.30.0", "NJS_VERSION": "0.9", "PKG_RELEASE": "1", "DYNPKG_RELEASE": "1", "HOSTNAME": "x", "KUBERNETES_SERVICE_HOST": "10.96.0.1"}
	standin := map[string]string{"PATH": "/bin", "WEB_ROOT": "/usr/share/nginx/html", "WEB_SERVER": "busybox-httpd", "HOME": "/root"}
	other := map[string]string{"PATH": "/bin", "APP_HOME": "/app", "LANG": "C.UTF-8"}
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{{nginx, "NGINX_VERSION"}, {standin, "WEB_SERVER"}, {other, "APP_HOME"}, {map[string]string{"PATH": "/bin", "HOSTNAME": "x"}, ""}} {
		if got := pick(tc.env); got != tc.want {
			t.Errorf("pick(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

// On a fake cluster: the lesson picks the stand-in image's WEB_SERVER, makes
// web-env override it, and shows both environments side by side.
func TestOnFakeCluster(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, err := fakeCluster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s := lessontest.FakeSession(Lesson, nil, clients, &out)
	s.Env.Images = runenv.Images(map[string]string{"web": "local/web:1"}, noEnv)
	if err := s.Run(ctx); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{
		`sets WEB_SERVER itself`, `kpod overrides WEB_SERVER`,
		`- name: WEB_SERVER\n\s+value: overridden-by-the-pod`,
		`WEB_SERVER\s+busybox-httpd\s+overridden-by-the-pod\s+Pod spec: overrides the image`,
		`KUBERNETES_\*\s+\(1\)\s+\(1\)\s+Kubernetes \(Service variables\)`,
		`GREETING\s+-\s+hello from the Pod spec\s+Pod spec: new`,
		`MEMORY_LIMIT_MIB\s+128\s+limits.memory / 1Mi\s+128Mi`,
		`POD_NAME\s+web-env\s+metadata.name\s+web-env`,
		`✓ Lesson complete`,
		`NAME\s+SET BY`, `NAME\s+IN web-plain\s+IN web-env\s+SET BY`, `NAME\s+IN THE CONTAINER\s+FIELD\s+ON THE POD`,
	} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// Under --lang ko the tables' labels are Korean too.
func TestKoreanTables(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clients, err := fakeCluster(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	s := lessontest.FakeSession(Lesson, nil, clients, &out)
	s.Env.Lang = "ko"
	s.Env.Images = runenv.Images(map[string]string{"web": "local/web:1"}, noEnv)
	if err := s.Run(ctx); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	text := out.String()
	for _, want := range []string{`이름\s+정한 곳`, `이름\s+web-plain 안의 값\s+web-env 안의 값\s+정한 곳`, `이름\s+컨테이너 안의 값\s+읽은 필드\s+파드의 값`} {
		if !regexp.MustCompile(want).MatchString(text) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "SET BY") || strings.Contains(text, "IN THE CONTAINER") {
		t.Errorf("English labels in a Korean run:\n%s", text)
	}
}

// A run recorded in English and replayed in Korean lays each table out
// again at the Korean widths ("정한 곳" is wider than "SET BY"), as the
// Korean run does: testdata/tables.ko.txt.
func TestTablesReplayedInKorean(t *testing.T) {
	record := func(lang string) *report.Recording {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		clients, err := fakeCluster(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var out, rec bytes.Buffer
		s := lessontest.RecordedSession(Lesson, lang, nil, clients, &out, &rec)
		s.Env.Images = runenv.Images(map[string]string{"web": "local/web:1"}, noEnv)
		if err := s.Run(ctx); err != nil {
			t.Fatalf("%v\n%s", err, out.String())
		}
		r, err := report.ReadRecording(&rec)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tables := func(rs []report.Record) string {
		var b strings.Builder
		for _, x := range rs {
			if r, ok := x.(*report.OutputRecord); ok && len(r.Said) == 1 && r.Said[0].In != nil {
				b.WriteString(r.Text + "\n")
			}
		}
		return b.String()
	}
	lesson := func(string) *lessons.Lesson { return Lesson }
	got, live := tables(replay.SayAgain(record("en"), "ko", lesson).Records), tables(record("ko").Records)
	if got != live || strings.Count(got, "이름") != 3 {
		t.Errorf("the English run's tables said in Korean:\n%s\nthe Korean run's:\n%s", got, live)
	}
	texttest.Golden(t, filepath.Join("testdata", "tables.ko.txt"), got)
}

// Every text and command, dry and on the fake cluster, in every language.
func TestContract(t *testing.T) { lessontest.Contract(t, Lesson, fakeCluster) }

// fakeCluster answers `env` as the stand-in web image would, plus what
// pod-env.yaml adds.
func fakeCluster(ctx context.Context) (*kube.Clients, error) {
	clients, fake, err := lessontest.FakeClients(ctx, nil)
	if err != nil {
		return nil, err
	}
	image := "PATH=/bin\nWEB_SERVER=busybox-httpd\nWEB_ROOT=/www\nHOSTNAME=web-plain\nKUBERNETES_SERVICE_HOST=10.96.0.1\n"
	clients.Exec = func(ctx context.Context, ns, name, container string, cmd []string) (string, string, error) {
		if name == plain {
			return image, "", nil
		}
		p, err := fake.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return "", "", err
		}
		out := strings.ReplaceAll(strings.ReplaceAll(image, "busybox-httpd", "overridden-by-the-pod"), "HOSTNAME=web-plain", "HOSTNAME="+name)
		out += fmt.Sprintf("GREETING=hello from the Pod spec\nPOD_NAME=%s\nPOD_NAMESPACE=%s\nPOD_IP=%s\nNODE_NAME=%s\nMEMORY_LIMIT_MIB=128\nCPU_LIMIT_MILLICORES=500\n",
			p.Name, p.Namespace, p.Status.PodIP, p.Spec.NodeName)
		return out, "", nil
	}
	return clients, nil
}
