package practice

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// rootCA is the ConfigMap Kubernetes puts in every namespace itself.
const rootCA = "kube-root-ca.crt"

// Reset deletes the Pods, Services and ConfigMaps of the practice
// namespace, after listing them to out and asking confirm. It refuses a
// namespace kpod did not make for practice.
func (c *Coach) Reset(ctx context.Context, out io.Writer, confirm func() bool) error {
	client := c.Env.Clients.Client
	ns, err := client.CoreV1().Namespaces().Get(ctx, c.Env.Namespace, metav1.GetOptions{})
	if kube.IsNotFound(err) {
		fmt.Fprintln(out, c.Env.Scene().Say(words, "ui.reset.none", text.Facts{"Namespace": c.Env.Namespace}))
		return nil
	}
	if err != nil {
		return kube.Explain(err)
	}
	if ns.Labels[Label] != "true" {
		return words.Err("err.practice.notours", text.Facts{"Namespace": c.Env.Namespace, "Label": Label})
	}
	all, err := kube.Labelled(ctx, client, c.Env.Namespace, "")
	if err != nil {
		return err
	}
	mirrors, err := mirrors(ctx, c.Env.Clients.Client, c.Env.Namespace)
	if err != nil {
		return err
	}
	var objs []kube.Object
	for _, o := range all {
		if node, ok := mirrors[o.Name]; ok && o.Kind == "Pod" {
			// a static Pod runs from a file on its node: deleting its mirror does
			// not stop it, and kpod never touches the student's file
			fmt.Fprintln(out, c.Env.Scene().Say(words, "ui.reset.mirror", text.Facts{"Pod": o.Name, "Node": node}))
			continue
		}
		if !(o.Kind == "ConfigMap" && o.Name == rootCA) {
			objs = append(objs, o)
		}
	}
	if len(objs) == 0 {
		fmt.Fprintln(out, c.Env.Scene().Say(words, "ui.reset.none", text.Facts{"Namespace": c.Env.Namespace}))
		return nil
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Kind+objs[i].Name < objs[j].Kind+objs[j].Name })
	fmt.Fprintln(out, c.Env.Scene().Say(words, "ui.reset.list", text.Facts{"Namespace": c.Env.Namespace}))
	for _, o := range objs {
		fmt.Fprintf(out, "  %s/%s\n", strings.ToLower(o.Kind), o.Name)
	}
	if !confirm() {
		fmt.Fprintln(out, c.Env.Scene().Say(words, "ui.reset.no", nil))
		return nil
	}
	var failed []error
	for i, err := range kube.DeleteAll(ctx, client, objs, 2*time.Minute) {
		if err != nil {
			failed = append(failed, err)
			continue
		}
		fmt.Fprintf(out, "%s/%s %s\n", strings.ToLower(objs[i].Kind), objs[i].Name, c.Env.Scene().Say(words, "ui.reset.deleted", nil))
	}
	if len(failed) > 0 {
		return failed[0]
	}
	return nil
}

// mirrors returns the mirror Pods of the namespace, with their nodes.
func mirrors(ctx context.Context, client kubernetes.Interface, ns string) (map[string]string, error) {
	pods, err := client.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, kube.Explain(err)
	}
	out := map[string]string{}
	for i := range pods.Items {
		if kube.IsMirror(&pods.Items[i]) {
			out[pods.Items[i].Name] = pods.Items[i].Spec.NodeName
		}
	}
	return out, nil
}
