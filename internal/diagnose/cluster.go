package diagnose

import (
	"context"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Cluster reads what a diagnosis may need beside the Pod and its Events:
// its containers' logs, the namespace's Services, the nodes and the Pod's
// node. Every caller gathers an Input through it (kpod why, why -w,
// practice), each from where it has them; a nil field is not read.
type Cluster struct {
	// Logs are the log lines LogsWanted asks for, by container.
	Logs     func(ctx context.Context, pod *corev1.Pod) map[string]string
	Services func(ctx context.Context, ns string) ([]corev1.Service, error)
	Nodes    func(ctx context.Context) ([]corev1.Node, error)
	// Node is one node; one that does not exist is an error kube.IsNotFound knows.
	Node func(ctx context.Context, name string) (*corev1.Node, error)
}

// ClusterOf reads each from the API server, every time it is asked.
func ClusterOf(c kubernetes.Interface) Cluster {
	return Cluster{
		Logs: func(ctx context.Context, pod *corev1.Pod) map[string]string {
			logs := map[string]string{}
			tail := int64(LogLines)
			for _, r := range LogsWanted(pod) {
				opts := &corev1.PodLogOptions{Container: r.Container, Previous: r.Previous, TailLines: &tail}
				if out, err := c.CoreV1().Pods(pod.Namespace).GetLogs(pod.Name, opts).DoRaw(ctx); err == nil {
					logs[r.Container] = string(out)
				}
			}
			return logs
		},
		Services: func(ctx context.Context, ns string) ([]corev1.Service, error) {
			list, err := c.CoreV1().Services(ns).List(ctx, metav1.ListOptions{})
			if err != nil {
				return nil, err
			}
			return list.Items, nil
		},
		Nodes: func(ctx context.Context) ([]corev1.Node, error) {
			list, err := c.CoreV1().Nodes().List(ctx, metav1.ListOptions{})
			if err != nil {
				return nil, err
			}
			return list.Items, nil
		},
		Node: func(ctx context.Context, name string) (*corev1.Node, error) {
			return c.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		},
	}
}

// Fill adds to in what its Pod's state may need: the Services of a Pod
// with labels (which lose it when its readiness fails), the nodes for a
// Pod with a nodeSelector never scheduled (their taints), the Pod's node
// for a Pod stuck Terminating (or deleted, when in.Now is unknown). What
// cannot be had (not allowed, gone) is left out.
func (c Cluster) Fill(ctx context.Context, in *Input) {
	pod := in.Pod
	if len(pod.Labels) > 0 && c.Services != nil {
		if list, err := c.Services(ctx, pod.Namespace); err == nil {
			in.Services = list
		}
	}
	if pod.Spec.NodeName == "" && len(pod.Spec.NodeSelector) > 0 && c.Nodes != nil {
		if list, err := c.Nodes(ctx); err == nil {
			in.Nodes = list
		}
	}
	if del := pod.DeletionTimestamp; del != nil && pod.Spec.NodeName != "" && c.Node != nil &&
		(in.Now.IsZero() || in.Now.Sub(del.Time) >= StuckAfter) {
		node, err := c.Node(ctx, pod.Spec.NodeName)
		switch {
		case err == nil:
			in.Node = node
		case kube.IsNotFound(err):
			in.NodeGone = true
		}
	}
}

// Gather reads what a diagnosis of pod at now needs: the Pod, its events, and
// from c its logs and what Fill reads. What it cannot get (not allowed, gone)
// is left out.
func (c Cluster) Gather(ctx context.Context, pod *corev1.Pod, events []corev1.Event, now time.Time) Input {
	in := Input{Pod: pod, Events: events, Now: now}
	if c.Logs != nil {
		in.Logs = c.Logs(ctx, pod)
	}
	c.Fill(ctx, &in)
	return in
}
