package kube

import (
	"context"
	"errors"
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// HostRoot is where a node helper sees the node's own filesystem.
const HostRoot = "/host"

// ErrNoNodeAccess means the cluster does not let kpod look at a node.
var ErrNoNodeAccess = errors.New("no node access")

// NodeHelper is a short-lived Pod pinned to one node, privileged, sharing
// the node's process namespace and with the node's / mounted at /host. It is
// how kpod looks at a node on any cluster that allows it.
type NodeHelper struct {
	Client    kubernetes.Interface
	Exec      ExecFunc
	Namespace string
	Node      string
	Image     string
	Labels    map[string]string
}

// Name is the helper Pod's name.
func (n *NodeHelper) Name() string { return "kpod-node-" + n.Node }

// Pod is the helper Pod.
func (n *NodeHelper) Pod() *corev1.Pod {
	yes, zero := true, int64(0)
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: n.Name(), Namespace: n.Namespace, Labels: n.Labels},
		Spec: corev1.PodSpec{
			NodeName:                      n.Node,
			HostPID:                       true,
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: &zero,
			Tolerations:                   []corev1.Toleration{{Operator: corev1.TolerationOpExists}},
			Containers: []corev1.Container{{
				Name:            "node",
				Image:           n.Image,
				Command:         []string{"sleep", "3600"},
				SecurityContext: &corev1.SecurityContext{Privileged: &yes},
				VolumeMounts:    []corev1.VolumeMount{{Name: "host", MountPath: HostRoot}},
			}},
			Volumes: []corev1.Volume{{Name: "host", VolumeSource: corev1.VolumeSource{
				HostPath: &corev1.HostPathVolumeSource{Path: "/"},
			}}},
		},
	}
}

// Create creates the helper Pod; a refusal by policy becomes ErrNoNodeAccess.
func (n *NodeHelper) Create(ctx context.Context) error {
	_, err := n.Client.CoreV1().Pods(n.Namespace).Create(ctx, n.Pod(), metav1.CreateOptions{})
	if apierrors.IsForbidden(err) || apierrors.IsInvalid(err) {
		return fmt.Errorf("%w: the cluster refused a privileged helper Pod on node %s: %s", ErrNoNodeAccess, n.Node, oneLine(err))
	}
	return Explain(err)
}

// Sh runs a shell script in the helper and returns its output.
func (n *NodeHelper) Sh(ctx context.Context, script string) (string, error) {
	out, errOut, err := n.Exec(ctx, n.Namespace, n.Name(), "node", []string{"sh", "-c", script})
	if err != nil {
		msg := strings.TrimSpace(errOut)
		if msg == "" {
			msg = err.Error()
		}
		return out, fmt.Errorf("on node %s: %s", n.Node, msg)
	}
	return out, nil
}

// OnHost runs a script in the node's own root (chroot /host), for the node's
// own tools such as crictl.
func (n *NodeHelper) OnHost(ctx context.Context, script string) (string, error) {
	return n.Sh(ctx, "chroot "+HostRoot+" sh -c "+shellQuote(script))
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
