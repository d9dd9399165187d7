package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"
	coordv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/text"
	"github.com/kpod-dev/kpod/internal/ui"
)

func (a *App) watchCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "watch POD",
		Short: "Follow any Pod with kpod's live, explained timeline (read-only)",
		Long: "Attach kpod's live timeline to a Pod you made yourself, for example with kubectl.\n" +
			"kpod only reads: it changes nothing. Ctrl-C stops watching. The Pod is looked\n" +
			"for in the lessons' namespace, kpod, unless you give -n.",
		Example: a.examples("  {{.}} run --keep\n  {{.}} watch webserver\n\n  kubectl run web --image=nginx:1.30-alpine -n default\n  {{.}} watch web -n default -o json"),
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case len(args) == 0:
				return ui.Err("err.cli.watch.none", ui.F{"Program": a.Name})
			case len(args) > 1:
				return ui.Err("err.cli.watch.many", ui.F{"Count": len(args), "Args": strings.Join(args, " ")})
			}
			return nil
		},
		ValidArgsFunction: a.completePods("kpod"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.watch(cmd.Context(), args[0])
		},
	}
}

func (a *App) watch(ctx context.Context, name string) error {
	ns := a.namespace("kpod") // the lessons' namespace: `run --keep`, then `watch webserver`
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		return err
	}
	pod, err := c.Client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	if kube.IsNotFound(err) {
		return ui.Err("err.cli.nopod", ui.F{"Pod": name, "Namespace": ns})
	}
	if err != nil {
		return kube.Explain(err)
	}
	origin := pod.CreationTimestamp.Time
	rep := a.reporter(func() time.Duration { return a.Now().Sub(origin) })
	if a.output != "json" {
		rep.Note(lessons.NoteInfo, lessons.Messages.Say(a.lang, "ui.watch.stop", text.Facts{"Pod": name}))
	}
	t := &lessons.Timeline{
		Client: c.Client, Namespace: ns, Name: name, Origin: origin, Since: origin.Add(-time.Second),
		Now: a.Now, Lang: a.lang, Report: rep.Event,
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := t.Start(wctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	_, err = t.Until(wctx, name, func(*corev1.Pod) (bool, error) { return false, nil })
	if ctx.Err() != nil {
		return nil // Ctrl-C: watching ends, nothing to undo
	}
	if err != nil && err.Error() == fmt.Sprintf("pod/%s was deleted", name) {
		return nil
	}
	return err
}

func (a *App) cleanCmd() *cobra.Command {
	var allNS bool
	cmd := &cobra.Command{
		Use:   "clean",
		Short: "Delete everything kpod made (by its label) in the namespace, or -A in all",
		Long: "Delete every Pod, Service and ConfigMap labelled " + lessons.Selector + "\n" +
			"in kpod's namespaces: those kpod made, and those where a lesson ran (it leaves a\n" +
			"Lease there). Objects without the label are never touched; labelled ones in other\n" +
			"namespaces are only listed, and objects of a lesson that is running now are kept.\n" +
			"Static Pods kpod wrote are stopped by removing their manifest from the node.",
		Example: a.examples("  {{.}} clean\n  {{.}} clean -A"),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ns := a.namespace("kpod")
			if allNS {
				ns = ""
			}
			return a.clean(cmd.Context(), ns)
		},
	}
	cmd.Flags().BoolVarP(&allNS, "all-namespaces", "A", false, "clean every namespace")
	noOutput(cmd)
	return cmd
}

func (a *App) clean(ctx context.Context, ns string) error {
	c, err := a.Connect(ctx, a.flags)
	if err != nil {
		return err
	}
	found, err := kube.Labelled(ctx, c.Client, ns, lessons.Selector)
	if err != nil {
		return err
	}
	leases, err := c.Client.CoordinationV1().Leases(ns).List(ctx, metav1.ListOptions{LabelSelector: lessons.Selector})
	if err != nil {
		return kube.Explain(err)
	}
	// kpod's namespaces: made by kpod, or holding a run's Lease.
	ours, live := map[string]bool{}, map[string]string{}
	for _, l := range leases.Items {
		ours[l.Namespace] = true
		if ok, _ := kube.Live(&l, a.Now()); ok {
			live[l.Namespace+"/"+l.Labels[lessons.LessonLabel]] = *l.Spec.HolderIdentity
		}
	}
	w := a.Streams.Out
	say := func(key string, f text.Facts) string {
		return lessons.Messages.Say(a.lang, key, f)
	}
	var objs []kube.Object
	checked := map[string]bool{}
	for _, o := range found {
		if !ours[o.Namespace] && !checked[o.Namespace] {
			checked[o.Namespace] = true
			n, err := c.Client.CoreV1().Namespaces().Get(ctx, o.Namespace, metav1.GetOptions{})
			ours[o.Namespace] = err == nil && n.Labels[lessons.WorkspaceLabel] == "true"
		}
		ref := lower(o.Kind) + "/" + o.Name
		switch holder, running := live[o.Namespace+"/"+o.Labels[lessons.LessonLabel]]; {
		case !ours[o.Namespace]:
			fmt.Fprintln(w, say("ui.clean.elsewhere", text.Facts{"Object": ref, "Namespace": o.Namespace, "Label": lessons.Selector}))
		case running:
			fmt.Fprintln(w, say("ui.clean.running", text.Facts{"Object": ref, "Namespace": o.Namespace, "Lesson": o.Labels[lessons.LessonLabel], "Holder": holder}))
		default:
			objs = append(objs, o)
		}
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Namespace+objs[i].Name < objs[j].Namespace+objs[j].Name })
	// Static Pods with a mirror first, found by it; then the files runs
	// noted on their Leases that no mirror Pod led to (a run killed right
	// after writing one). The other way round, a mirror Pod could vanish
	// between the listing and its stop and be told as deleted.
	objs, errs := a.stopStaticPods(ctx, c, objs)
	removed, rerrs := a.removeNodeFiles(ctx, c, leases.Items, live)
	errs = append(errs, rerrs...)
	if len(objs) == 0 && len(found) == 0 && removed == 0 {
		fmt.Fprintln(w, lessons.Messages.Get(a.lang, "ui.clean.none").Body)
	}
	for i, err := range kube.DeleteAll(ctx, c.Client, objs, 2*time.Minute) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		o := objs[i]
		fmt.Fprintf(w, "%s \"%s\" deleted from namespace %s\n", lower(o.Kind), o.Name, o.Namespace)
	}
	if len(errs) > 0 {
		return errors.Join(errs...)
	}
	// The Leases of runs that are over go last: nothing of theirs is left.
	for _, l := range leases.Items {
		if _, running := live[l.Namespace+"/"+l.Labels[lessons.LessonLabel]]; running {
			continue
		}
		rv := l.ResourceVersion // not one a run took since
		err := c.Client.CoordinationV1().Leases(l.Namespace).Delete(ctx, l.Name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{ResourceVersion: &rv}})
		if err != nil && !kube.IsNotFound(err) && !apierrors.IsConflict(err) {
			errs = append(errs, kube.Explain(err))
		}
	}
	return errors.Join(errs...)
}

// removeNodeFiles removes the static Pod manifests that runs which are
// over noted on their Leases (kube.FilesAnnotation): a run killed right
// after writing one leaves no mirror Pod to find it by yet. It returns how
// many it removed.
func (a *App) removeNodeFiles(ctx context.Context, c *kube.Clients, leases []coordv1.Lease, live map[string]string) (int, []error) {
	n := 0
	var errs []error
	for _, l := range leases {
		if _, running := live[l.Namespace+"/"+l.Labels[lessons.LessonLabel]]; running {
			continue
		}
		for node, files := range kube.NodeFiles(&l) {
			for _, f := range files {
				labels := map[string]string{lessons.ManagedBy: lessons.ManagedByValue}
				ok, err := kube.RemoveStaticFile(ctx, c, l.Namespace, node, f, lessons.Images(nil, a.Getenv)["shell"], labels, 2*time.Minute)
				if err != nil {
					errs = append(errs, err)
					continue
				}
				if ok {
					n++
					fmt.Fprintf(a.Streams.Out, "%s removed from node %s\n", f, node)
				}
			}
		}
	}
	return n, errs
}

// stopStaticPods removes the manifest files of the static Pods kpod wrote
// (their mirror Pods would come back if deleted through the API) and returns
// the other objects.
func (a *App) stopStaticPods(ctx context.Context, c *kube.Clients, objs []kube.Object) ([]kube.Object, []error) {
	var rest []kube.Object
	var errs []error
	for _, o := range objs {
		var p *corev1.Pod
		var err error
		if o.Kind == "Pod" {
			p, err = c.Client.CoreV1().Pods(o.Namespace).Get(ctx, o.Name, metav1.GetOptions{})
		}
		if p == nil || err != nil || !kube.IsMirror(p) {
			rest = append(rest, o)
			continue
		}
		labels := map[string]string{lessons.ManagedBy: lessons.ManagedByValue}
		if err := kube.RemoveStaticPod(ctx, c, p, lessons.Images(nil, a.Getenv)["shell"], labels, 2*time.Minute); err != nil {
			errs = append(errs, err)
			continue
		}
		fmt.Fprintf(a.Streams.Out, "pod \"%s\" stopped: its manifest %s is gone from node %s\n", p.Name, p.Annotations[kube.StaticFileAnnotation], p.Spec.NodeName)
	}
	return rest, errs
}

func lower(kind string) string { return strings.ToLower(kind) }
