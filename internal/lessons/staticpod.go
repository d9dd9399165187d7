package lessons

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"al.essio.dev/pkg/shellescape"
	"sigs.k8s.io/yaml"

	"github.com/kpod-dev/kpod/examples"
	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/runenv"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

// writtenAnnotation says when kpod wrote a static Pod's manifest.
const writtenAnnotation = "kpod.dev/written"

// StaticPod copies a manifest from examples/ into the staticPodPath of
// node (the fact from Kubelet), as kpod-NAMESPACE-FILE, so that node's
// kubelet runs it. The file gets the lesson's namespace, labels and images,
// its own path (node.StaticFileAnnotation, for `kpod clean`) and when it
// was written. Before writing, kpod registers the cleanup that removes the
// file and waits for the mirror Pod to go; it never replaces a file it did
// not write. It sets the fact "static-file" (the file's path on the node).
func StaticPod(file, node string) Action { return &staticAction{file: file, node: node} }

type staticAction struct{ file, node string }

// path is where the file goes on the node: in its staticPodPath, or, when
// that is not known yet (a dry run), under the placeholder
// <static-pod-path>.
func (a *staticAction) path(s *Session) string {
	dir, _ := StaticPodPath.Get(s)
	if dir == "" {
		dir = "<" + string(StaticPodPath) + ">"
	}
	return path.Join(dir, "kpod-"+s.Env.Namespace+"-"+a.file)
}

func (a *staticAction) show(s *Session) string {
	return s.nodeWay().Copy(s.fill(a.node), a.file, a.path(s))
}

// Plan of a static Pod: its manifest, written to a node, and the fact of
// the file's path there.
func (a *staticAction) Plan() (Plan, error) {
	data, err := fs.ReadFile(examples.FS, a.file)
	return Plan{File: a.file, Manifest: data, Static: true, Learns: []string{string(StaticFile)}}, err
}

func (a *staticAction) run(ctx context.Context, s *Session) (report.Output, error) {
	n := s.fill(a.node)
	dir, _ := StaticPodPath.Get(s)
	if dir == "" {
		return report.Output{}, words.Err("err.static.nopath", text.Facts{"Node": n})
	}
	if _, err := s.nodeWay().Run(ctx, n, "test -d "+shellescape.Quote(dir)); err != nil {
		return report.Output{}, words.Err("err.static.notdir", text.Facts{"Dir": dir, "Node": n})
	}
	p, err := a.Plan()
	if err != nil {
		return report.Output{}, err
	}
	file := a.path(s)
	stamped, name, err := s.stampStatic(p.Manifest, file)
	if err != nil {
		return report.Output{}, fmt.Errorf("%s: %w", a.file, err)
	}
	mark := node.StaticFileAnnotation + ": " + file
	mirror := name + "-" + n
	// remove removes the file and then waits, with gone, for its mirror
	// Pod to go.
	remove := func(ctx context.Context, gone func(context.Context, string) error) error {
		removed, err := node.RemoveFile(ctx, s.nodeWay(), n, file, mark)
		if err != nil {
			return words.Err("err.static.remove", text.Facts{"File": file, "Node": n, "Pod": mirror}).Because(err)
		}
		s.undo.wrote(file+" (node "+n+")", true)
		if !removed {
			return nil
		}
		s.Report.Note(ui.Good, s.line("ui.cleanup.removed", text.Facts{"Name": file + " (node " + n + ")"}))
		return gone(ctx, mirror)
	}
	old, there, err := node.ReadFile(ctx, s.nodeWay(), n, file)
	if err != nil {
		return report.Output{}, err
	}
	if there {
		if !strings.Contains(old, mark) {
			return report.Output{}, words.Err("err.static.foreign", text.Facts{"File": file, "Node": n})
		}
		s.Report.Note(ui.Warn, s.line("ui.leftover", text.Facts{"Name": file}))
		if err := remove(ctx, s.wait().gone); err != nil {
			return report.Output{}, err
		}
	}
	s.undo.onCleanup(func(ctx context.Context) error {
		// Cleanup runs after the timeline has stopped, so it waits on a
		// watch of its own, as kube.DeleteAll does for the objects.
		return remove(ctx, func(ctx context.Context, pod string) error {
			w := s.wait()
			defer w.say("ui.waiting", text.Facts{"Pod": pod, "Cond": w.text("wait.delete", nil)})()
			return kube.WaitGone(ctx, s.Env.Clients.Client, s.Env.Namespace, pod, w.timeout)
		})
	})
	StaticFile.Set(s, file)
	s.undo.wrote(file+" (node "+n+")", false) // before writing: a second Ctrl-C may come at any time
	// Note the file on the run's Lease too, so that `kpod clean` can remove
	// it after a kill -9.
	if s.guard != nil && s.guard.lease != nil {
		if err := s.guard.lease.NoteFile(ctx, n, file); err != nil {
			return report.Output{}, err
		}
	}
	if err := node.WriteFile(ctx, s.nodeWay(), n, file, []byte(stamped.Text)); err != nil {
		return report.Output{}, words.Err("err.lesson.onnode", text.Facts{"Node": n}).Because(err)
	}
	return stamped, nil
}

// stampStatic returns the manifest kpod writes for a static Pod (data with
// the lesson's namespace, labels, annotations and images) as output under
// kpod's line about it, and the Pod's name.
func (s *Session) stampStatic(data []byte, file string) (report.Output, string, error) {
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return report.Output{}, "", err
	}
	meta, _ := m["metadata"].(map[string]any)
	if meta == nil {
		return report.Output{}, "", fmt.Errorf("no metadata")
	}
	meta["namespace"] = s.Env.Namespace
	meta["labels"] = merge(meta["labels"], lessonLabels(s.Lesson.Name))
	meta["annotations"] = merge(meta["annotations"], map[string]string{
		node.StaticFileAnnotation: file, writtenAnnotation: s.Env.Time().UTC().Format(time.RFC3339)})
	spec, _ := m["spec"].(map[string]any)
	for _, key := range []string{"initContainers", "containers"} {
		list, _ := spec[key].([]any)
		for _, c := range list {
			if c, ok := c.(map[string]any); ok {
				if img, ok := c["image"].(string); ok {
					if role, ok := runenv.RoleOf(img); ok {
						c["image"] = s.Env.Images.Image(role)
					}
				}
			}
		}
	}
	out, err := yaml.Marshal(m)
	if err != nil {
		return report.Output{}, "", err
	}
	name, _ := meta["name"].(string)
	return report.Output{}.Say(s.line("ui.static.file", text.Facts{"Lesson": s.Lesson.Name})).Quote("\n" + string(out)), name, nil
}

func merge(into any, add map[string]string) map[string]any {
	m, _ := into.(map[string]any)
	if m == nil {
		m = map[string]any{}
	}
	for k, v := range add {
		m[k] = v
	}
	return m
}
