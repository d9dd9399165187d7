package lessons

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
)

// Texts filled with odd values (Pod and node names, non-ASCII, template
// braces): every engine message renders, shows the value as it is and never
// runs it as a template.
func FuzzMessages(f *testing.F) {
	for _, s := range []string{"web", "노드-1", "{{.Pod}}", "<none>", "a\tb", "%s%d", strings.Repeat("x", 300)} {
		f.Add(s)
	}
	var keys []string
	for k := range words["en"] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	f.Fuzz(func(t *testing.T, v string) {
		for _, lang := range text.Languages {
			s := testSession()
			s.Env.Lang = lang
			for _, k := range keys {
				body := words.Get(lang, k).Body
				facts := text.Facts{"Pod": v, "Node": v, "Message": v, "Namespace": v, "Object": v, "Lesson": v, "Container": v, "Image": v}
				out := s.fill(body, facts)
				if utf8.ValidString(v) && !utf8.ValidString(out) {
					t.Errorf("%s/%s: not UTF-8 with %q", lang, k, v)
				}
				for _, name := range []string{"Pod", "Node", "Message"} {
					if strings.Contains(body, "{{."+name+"}}") && !strings.Contains(out, v) {
						t.Errorf("%s/%s: %q does not show as it is:\n%s", lang, k, v, out)
					}
				}
			}
		}
	})
}

// The manifests kpod edits before writing them on a node (static Pods):
// any YAML gives a manifest that parses back with kpod's namespace, labels
// and file annotation, or an error; never a panic.
func FuzzStampStatic(f *testing.F) {
	for _, file := range []string{"static-web.yaml", "pod-nginx.yaml"} {
		if data, err := examples.FS.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("metadata: {name: x}\nspec: {containers: [{image: 3}, 7]}"))
	f.Add([]byte("metadata: []"))
	f.Add([]byte("- a\n- b"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s := testSession()
		s.Lesson.Name, s.Env.Images = "static", runenv.Images(nil, func(string) string { return "" })
		out, _, err := s.stampStatic(data, "/etc/kubernetes/manifests/kpod-kpod-x.yaml")
		if err != nil {
			return
		}
		var m struct {
			Metadata struct {
				Namespace   string            `json:"namespace"`
				Labels      map[string]string `json:"labels"`
				Annotations map[string]string `json:"annotations"`
			} `json:"metadata"`
		}
		if err := yaml.Unmarshal([]byte(out.Text), &m); err != nil {
			t.Fatalf("kpod wrote a manifest that does not parse: %v\n%s", err, out.Text)
		}
		if m.Metadata.Namespace != "kpod" || m.Metadata.Labels[kube.ManagedBy] != kube.ManagedByValue || m.Metadata.Annotations["kpod.dev/static-pod-file"] == "" {
			t.Errorf("the written manifest lacks kpod's namespace, label or file:\n%s", out.Text)
		}
	})
}
