// Package clean deletes what kpod made, found by its label: the objects in
// kpod's namespaces, the static Pods it wrote to nodes, and the Leases of
// runs that are over. Objects of a run going on now are kept.
package clean

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	coordv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/kube/node"
	"github.com/kpod-dev/kpod/internal/kube/runlock"
	"github.com/kpod-dev/kpod/internal/text"
)

// Cleaner cleans one namespace, or all.
type Cleaner struct {
	Clients    *kube.Clients
	Namespace  string             // "" for all
	Scene      text.Scene         // the reader's language, and kpod as they run it
	Out        io.Writer          // what was deleted, kept and left alone
	Clock      clock.PassiveClock // tells which runs' Leases are live (required)
	ShellImage string             // the image of the helper Pods that reach the nodes
	Timeout    time.Duration      // for each deletion (0: 2 minutes)
}

// Run deletes what kpod made and says so, one line each.
func (c *Cleaner) Run(ctx context.Context) error {
	client := c.Clients.Client
	ns := c.Namespace
	found, err := kube.Labelled(ctx, client, ns, kube.KpodSelector)
	if err != nil {
		return err
	}
	leases, err := client.CoordinationV1().Leases(ns).List(ctx, metav1.ListOptions{LabelSelector: kube.KpodSelector})
	if err != nil {
		return kube.Explain(err)
	}
	// kpod's namespaces: made by kpod, or holding a run's Lease.
	ours, live := map[string]bool{}, map[string]string{}
	for _, l := range leases.Items {
		ours[l.Namespace] = true
		if ok, _ := runlock.Live(&l, c.Clock.Now()); ok {
			live[l.Namespace+"/"+l.Labels[kube.LessonLabel]] = *l.Spec.HolderIdentity
		}
	}
	var objs []kube.Object
	checked := map[string]bool{}
	for _, o := range found {
		if !ours[o.Namespace] && !checked[o.Namespace] {
			checked[o.Namespace] = true
			n, err := client.CoreV1().Namespaces().Get(ctx, o.Namespace, metav1.GetOptions{})
			ours[o.Namespace] = err == nil && n.Labels[kube.WorkspaceLabel] == "true"
		}
		ref := lower(o.Kind) + "/" + o.Name
		switch holder, running := live[o.Namespace+"/"+o.Labels[kube.LessonLabel]]; {
		case !ours[o.Namespace]:
			c.line(c.Scene.Say(words, "ui.clean.elsewhere", text.Facts{"Object": ref, "Namespace": o.Namespace, "Label": kube.KpodSelector}))
		case running:
			c.line(c.Scene.Say(words, "ui.clean.running", text.Facts{"Object": ref, "Namespace": o.Namespace, "Lesson": o.Labels[kube.LessonLabel], "Holder": holder}))
		default:
			objs = append(objs, o)
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Namespace+objs[i].Name < objs[j].Namespace+objs[j].Name })
	// Static Pods with a mirror first, found by it; then the files runs
	// noted on their Leases that no mirror Pod led to (a run killed right
	// after writing one). The other way round, a mirror Pod could vanish
	// between the listing and its stop and be told as deleted.
	objs, errs := c.stopStaticPods(ctx, objs)
	removed, rerrs := c.removeNodeFiles(ctx, leases.Items, live)
	errs = append(errs, rerrs...)
	if len(objs) == 0 && len(found) == 0 && removed == 0 {
		c.line(c.Scene.Say(words, "ui.clean.none", nil))
	}
	for i, err := range kube.DeleteAll(ctx, client, objs, c.timeout()) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		o := objs[i]
		c.line(c.Scene.Say(words, "ui.clean.deleted", text.Facts{"Kind": lower(o.Kind), "Name": o.Name, "Namespace": o.Namespace}))
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// The Leases of runs that are over go last: nothing of theirs is left.
	for _, l := range leases.Items {
		if _, running := live[l.Namespace+"/"+l.Labels[kube.LessonLabel]]; running {
			continue
		}
		rv := l.ResourceVersion // not one a run took since
		err := client.CoordinationV1().Leases(l.Namespace).Delete(ctx, l.Name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{ResourceVersion: &rv}})
		if err != nil && !kube.IsNotFound(err) && !apierrors.IsConflict(err) {
			errs = append(errs, kube.Explain(err))
		}
	}
	return errors.Join(errs...)
}

// removeNodeFiles removes the static Pod manifests that runs which are
// over noted on their Leases (runlock.FilesAnnotation): a run killed right
// after writing one leaves no mirror Pod to find it by yet. It returns how
// many it removed.
func (c *Cleaner) removeNodeFiles(ctx context.Context, leases []coordv1.Lease, live map[string]string) (int, []error) {
	n := 0
	var errs []error
	for _, l := range leases {
		if _, running := live[l.Namespace+"/"+l.Labels[kube.LessonLabel]]; running {
			continue
		}
		for name, files := range runlock.NodeFiles(&l) {
			for _, f := range files {
				ok, err := node.RemoveStaticFile(ctx, c.Clients, l.Namespace, name, f, c.ShellImage, managed(), c.timeout())
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if ok {
					n++
					c.line(c.Scene.Say(words, "ui.clean.file", text.Facts{"File": f, "Node": name}))
				}
			}
		}
	}
	return n, errs
}

// stopStaticPods removes the manifest files of the static Pods kpod wrote
// (their mirror Pods would come back if deleted through the API) and returns
// the other objects.
func (c *Cleaner) stopStaticPods(ctx context.Context, objs []kube.Object) ([]kube.Object, []error) {
	var rest []kube.Object
	var errs []error
	for _, o := range objs {
		var p *corev1.Pod
		var err error
		if o.Kind == "Pod" {
			p, err = c.Clients.Client.CoreV1().Pods(o.Namespace).Get(ctx, o.Name, metav1.GetOptions{})
		}
		if p == nil || err != nil || !kube.IsMirror(p) {
			rest = append(rest, o)
			continue
		}
		if err := node.RemoveStaticPod(ctx, c.Clients, p, c.ShellImage, managed(), c.timeout()); err != nil {
			errs = append(errs, err)
			continue
		}
		c.line(c.Scene.Say(words, "ui.clean.stopped", text.Facts{"Pod": p.Name, "File": p.Annotations[node.StaticFileAnnotation], "Node": p.Spec.NodeName}))
	}
	return rest, errs
}

func (c *Cleaner) line(s string) { fmt.Fprintln(c.Out, s) }

func (c *Cleaner) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return 2 * time.Minute
}

// managed are the labels of the helper Pods clean makes.
func managed() map[string]string {
	return map[string]string{kube.ManagedBy: kube.ManagedByValue}
}

func lower(kind string) string { return strings.ToLower(kind) }
