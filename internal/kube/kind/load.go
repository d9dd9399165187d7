package kind

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/kind/pkg/cluster/nodes"
	"sigs.k8s.io/kind/pkg/cluster/nodeutils"

	"github.com/kpod-dev/kpod/internal/text"
)

// LoadRequest asks for images to be put on a cluster's nodes.
type LoadRequest struct {
	Name    string
	Images  []string // the lesson images
	Archive string   // an image archive to load instead of the engine's store
	// Wait is how long to wait, after loading, until each node's kubelet
	// lists the images in its Node status (what `kpod doctor` reads; the
	// kubelet refreshes its image list every 30s, so this takes up to about
	// 40s). 0 does not wait.
	Wait time.Duration
}

// LoadImages puts images into every node of a cluster kpod made: from the
// engine's local store (saved to one archive), or from an archive file,
// which must hold every image asked for.
func (m *Manager) LoadImages(ctx context.Context, req LoadRequest) error {
	exists, ours, err := m.Find(req.Name)
	if err != nil {
		return err
	}
	if !exists {
		return NoCluster(req.Name)
	}
	if !ours {
		return errorOf(ErrNotOurs, "err.kind.notours.load", text.Facts{"Name": req.Name})
	}
	all, err := m.Provider.ListNodes(req.Name)
	if err != nil {
		return errorOf(nil, "err.kind.nodes", text.Facts{"Name": req.Name}).Because(explain(err))
	}
	targets, err := nodeutils.InternalNodes(all)
	if err != nil {
		return errorOf(nil, "err.kind.nodes", text.Facts{"Name": req.Name}).Because(explain(err))
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].String() < targets[j].String() })
	path := req.Archive
	what := m.Scene.Say(words, "kind.images", text.Facts{"Count": len(req.Images)})
	if path != "" {
		if err := checkArchive(path, req.Images); err != nil {
			return err
		}
		what = path
	} else {
		tmp, err := m.save(ctx, req.Images)
		if err != nil {
			return err
		}
		defer os.Remove(tmp)
		path = tmp
	}
	for _, n := range targets {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := m.loadInto(n, path, what); err != nil {
			return err
		}
	}
	if req.Wait > 0 {
		names := make([]string, len(targets))
		for i, n := range targets {
			names[i] = n.String()
		}
		m.waitListed(ctx, req.Name, names, req.Images, req.Wait)
	}
	return nil
}

// waitListed waits until the Nodes called names list images in their status.
// The images are on the nodes already, so running out of time is only a
// warning: the kubelets will list them a little later.
func (m *Manager) waitListed(ctx context.Context, cluster string, names, images []string, d time.Duration) {
	step := m.Scene.Say(words, "kind.step.listed", nil)
	warn := func(why string) {
		m.Progress.End(step, false)
		m.Progress.Warn(m.Scene.Say(words, "kind.notlisted", text.Facts{"Why": why}))
	}
	m.Progress.Start(step)
	kc, err := m.Provider.KubeConfig(cluster)
	if err != nil {
		warn(m.Scene.Say(words, "kind.notlisted.kubeconfig", text.Facts{"Why": explain(err)}))
		return
	}
	client, err := m.Client(kc)
	if err != nil {
		warn(m.Scene.Say(words, "kind.notlisted.client", text.Facts{"Why": explain(err)}))
		return
	}
	wctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	poll := m.Poll
	if poll <= 0 {
		poll = 2 * time.Second
	}
	for {
		list, err := client.CoreV1().Nodes().List(wctx, metav1.ListOptions{})
		if err == nil {
			listed := 0
			for i := range list.Items {
				n := &list.Items[i]
				if slices.Contains(names, n.Name) && len(Missing(n, images)) == 0 {
					listed++
				}
			}
			if listed == len(names) {
				m.Progress.End(step, true)
				return
			}
		}
		select {
		case <-wctx.Done():
			warn(m.Scene.Say(words, "kind.notlisted.wait", text.Facts{"Wait": d}))
			return
		case <-time.After(poll):
		}
	}
}

func checkArchive(path string, want []string) error {
	f, err := os.Open(path)
	if err != nil {
		return errorOf(nil, "err.kind.archive.open", text.Facts{"Why": oneLine(err)})
	}
	defer f.Close()
	have, err := ArchiveImages(f)
	if err != nil {
		return words.Err("err.kind.archive.bad", text.Facts{"Path": path}).Because(err)
	}
	var missing []string
	for _, w := range want {
		if !slices.Contains(have, Normalize(w)) {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		return errorOf(ErrMissingImg, "err.kind.archive.lacks", text.Facts{"Path": path, "Missing": strings.Join(missing, ", "), "Want": strings.Join(want, " ")})
	}
	return nil
}

// save writes images from the engine's store to a temporary archive.
func (m *Manager) save(ctx context.Context, images []string) (string, error) {
	var missing []string
	for _, img := range images {
		ok, err := m.Engine.HasImage(ctx, img)
		if err != nil {
			return "", errorOf(nil, "err.kind.image.find", text.Facts{"Image": img}).Because(explain(err))
		}
		if !ok {
			missing = append(missing, img)
		}
	}
	e := m.Engine.Name()
	if len(missing) > 0 {
		pulls := make([]string, len(missing))
		for i, img := range missing {
			pulls[i] = fmt.Sprintf("`%s pull %s`", e, img)
		}
		return "", errorOf(ErrMissingImg, "err.kind.notstored", text.Facts{"Missing": strings.Join(missing, ", "), "Engine": e, "Pulls": strings.Join(pulls, ", ")})
	}
	f, err := os.CreateTemp(m.TempDir, "kpod-images-*.tar")
	if err != nil {
		return "", err
	}
	step := m.Scene.Say(words, "kind.step.save", text.Facts{"Images": strings.Join(images, ", "), "Engine": e})
	m.Progress.Start(step)
	err = m.Engine.Save(ctx, f, images...)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		m.Progress.End(step, false)
		os.Remove(f.Name())
		return "", errorOf(nil, "err.kind.save", text.Facts{"Engine": e, "Why": explain(err)})
	}
	m.Progress.End(step, true)
	return f.Name(), nil
}

func (m *Manager) loadInto(n nodes.Node, path, what string) error {
	step := m.Scene.Say(words, "kind.step.load", text.Facts{"What": what, "Node": n.String()})
	m.Progress.Start(step)
	f, err := os.Open(path)
	if err != nil {
		m.Progress.End(step, false)
		return err
	}
	defer f.Close()
	if err := nodeutils.LoadImageArchive(n, f); err != nil {
		m.Progress.End(step, false)
		return errorOf(nil, "err.kind.load", text.Facts{"Node": n.String(), "Why": explain(err)})
	}
	m.Progress.End(step, true)
	return nil
}
