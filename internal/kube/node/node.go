// Package node handles a cluster's nodes: picking one from the API's list,
// and reaching its files and processes through an Access, as root: a
// privileged helper Pod (HelperPods), or `docker exec` into a kind node
// (package kind). Package nodeway finds which Access a run uses.
package node

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"time"

	"al.essio.dev/pkg/shellescape"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/text"
)

// Access runs shell scripts on a node, as root, in the node's own root
// filesystem and process namespace, and says how a student would type the
// same command on their own machine. kpod has two: HelperPods (a privileged
// hostPID Pod, on any cluster that allows one) and kind's `docker exec`
// into a node container (package kind).
type Access interface {
	// Way says in a few words how kpod reaches nodes: "docker exec", ...
	Way() string
	// Command is the command line that runs script on node from a
	// student's machine.
	Command(node, script string) string
	// Copy is the command line that copies the local file onto node as remote.
	Copy(node, local, remote string) string
	// Run runs script with `sh -c` on node and returns what it printed on
	// stdout. A non-zero exit is an error that carries stderr.
	Run(ctx context.Context, node, script string) (string, error)
}

// ErrNoAccess means the cluster does not let kpod look at a node.
var ErrNoAccess = words.Err("err.node.noaccess", nil)

// HostRoot is where a helper Pod sees the node's own filesystem.
const HostRoot = "/host"

// HelperLabel marks kpod's node helper Pods.
const HelperLabel = "kpod.dev/node-helper"

// ShellCommand returns prefix followed by script as a student types it:
// the script's own words when a shell would read them as they are, else
// `sh -c "SCRIPT"`. A <placeholder> counts as a plain word.
func ShellCommand(prefix []string, script string) string {
	words := strings.Fields(script)
	simple := len(words) > 0
	for _, w := range words {
		simple = simple && plain(w)
	}
	if !simple {
		words = []string{"sh", "-c", script}
	}
	return QuoteCommand(append(append([]string(nil), prefix...), words...))
}

// QuoteCommand joins a command line, quoting what a shell would split or
// expand: in single quotes, or in double quotes when the word holds a single
// quote and nothing a shell expands there. A <placeholder> is left as it is.
func QuoteCommand(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		switch {
		case plain(a):
			out[i] = a
		case strings.ContainsRune(a, '\'') && !strings.ContainsAny(a, "\"$`\\!"):
			out[i] = `"` + a + `"`
		default:
			out[i] = shellescape.Quote(a)
		}
	}
	return strings.Join(out, " ")
}

var placeholder = regexp.MustCompile(`<[A-Za-z0-9._-]+>`)

// plain reports whether a shell reads w as it is (placeholders aside).
func plain(w string) bool {
	w = placeholder.ReplaceAllString(w, "x")
	return w != "" && shellescape.Quote(w) == w
}

// HelperPod returns the spec of a node helper: a Pod pinned to node,
// privileged, sharing the node's processes (hostPID), with the node's / at
// /host, the same as `kubectl debug node/NODE --profile=sysadmin` makes.
func HelperPod(namespace, name, node, image string, labels map[string]string) *corev1.Pod {
	yes, zero := true, int64(0)
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace, Labels: labels},
		Spec: corev1.PodSpec{
			NodeName:                      node,
			HostPID:                       true,
			RestartPolicy:                 corev1.RestartPolicyNever,
			TerminationGracePeriodSeconds: &zero,
			Tolerations:                   []corev1.Toleration{{Operator: corev1.TolerationOpExists}},
			Containers: []corev1.Container{{
				Name:            "node",
				Image:           image,
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

// HelperPods reaches nodes through one helper Pod per node (HelperPod),
// made the first time a script runs there and deleted by Close. Its Pods'
// names carry a suffix of their own, so two runs side by side never share
// one. Scripts run in the node's root (chroot /host).
type HelperPods struct {
	Client    kubernetes.Interface
	Exec      kube.ExecFunc
	Namespace string
	Image     string
	Labels    map[string]string
	Timeout   time.Duration // for a helper Pod to start
	// Creating, when set, hears each helper Pod's name before it is made.
	Creating func(node, pod string)
	// Wait, when set, waits for a helper Pod to meet cond, on a watch the
	// caller has already (nil: kube.WaitPod, a watch of its own).
	Wait func(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error)

	mu     sync.Mutex
	suffix string
	pods   map[string]string // node: its running helper Pod
	made   []string          // every helper Pod made, for Close
}

// Way says how kpod reaches nodes.
func (h *HelperPods) Way() string { return "helper Pod" }

// Name returns the name of node's helper Pod in this run.
func (h *HelperPods) Name(node string) string {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.suffix == "" {
		h.suffix = utilrand.String(5)
	}
	name := "kpod-node-" + node
	if len(name) > 56 {
		name = strings.TrimRight(name[:56], "-.")
	}
	return name + "-" + h.suffix
}

// Command returns the kubectl command that runs script on node through a
// debugging Pod like kpod's helper.
func (h *HelperPods) Command(node, script string) string {
	return ShellCommand([]string{"kubectl", "debug", "node/" + node, "-it", "--profile=sysadmin", "--image=" + h.Image, "--", "chroot", HostRoot}, script)
}

// Copy returns the kubectl command that copies local onto node through a
// debugging Pod.
func (h *HelperPods) Copy(node, local, remote string) string {
	return ShellCommand([]string{"kubectl", "debug", "node/" + node, "-i", "--profile=sysadmin", "--image=" + h.Image, "--", "chroot", HostRoot},
		"cat > "+QuoteCommand([]string{remote})) + " < " + QuoteCommand([]string{local})
}

func (h *HelperPods) pod(node string) *corev1.Pod {
	labels := map[string]string{HelperLabel: "true"}
	for k, v := range h.Labels {
		labels[k] = v
	}
	return HelperPod(h.Namespace, h.Name(node), node, h.Image, labels)
}

// Check asks the API server, in a server-side dry run, whether it would
// take a helper Pod on node. It makes nothing.
func (h *HelperPods) Check(ctx context.Context, node string) error {
	_, err := h.Client.CoreV1().Pods(h.Namespace).Create(ctx, h.pod(node), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
	return h.refused(node, err)
}

func (h *HelperPods) refused(node string, err error) error {
	if apierrors.IsForbidden(err) || apierrors.IsInvalid(err) {
		return words.Err("err.node.helper", text.Facts{"Node": node, "Namespace": h.Namespace, "Why": kube.OneLine(err)}).Because(ErrNoAccess)
	}
	return kube.Explain(err)
}

// Start makes node's helper Pod, if this run has none there yet, and waits
// until it runs.
func (h *HelperPods) Start(ctx context.Context, node string) (string, error) {
	h.mu.Lock()
	name, ok := h.pods[node]
	h.mu.Unlock()
	if ok {
		return name, nil
	}
	p := h.pod(node)
	if h.Creating != nil {
		h.Creating(node, p.Name)
	}
	if _, err := h.Client.CoreV1().Pods(h.Namespace).Create(ctx, p, metav1.CreateOptions{}); err != nil {
		return "", h.refused(node, err)
	}
	h.mu.Lock()
	h.made = append(h.made, p.Name)
	h.mu.Unlock()
	timeout := h.Timeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	wait := h.Wait
	if wait == nil {
		wait = func(ctx context.Context, name string, timeout time.Duration, cond func(*corev1.Pod) (bool, error)) (*corev1.Pod, error) {
			return kube.WaitPod(ctx, h.Client, h.Namespace, name, timeout, cond)
		}
	}
	if _, err := wait(ctx, p.Name, timeout, func(p *corev1.Pod) (bool, error) {
		if p.Status.Phase == corev1.PodFailed || p.Status.Phase == corev1.PodSucceeded {
			return false, words.Err("err.node.helper.ended", text.Facts{"Status": kube.PodStatus(p)})
		}
		return p.Status.Phase == corev1.PodRunning, nil
	}); err != nil {
		return "", words.Err("err.node.helper.start", text.Facts{"Pod": p.Name, "Node": node}).Because(err)
	}
	h.mu.Lock()
	if h.pods == nil {
		h.pods = map[string]string{}
	}
	h.pods[node] = p.Name
	h.mu.Unlock()
	return p.Name, nil
}

// Run runs script in node's root through its helper Pod.
func (h *HelperPods) Run(ctx context.Context, node, script string) (string, error) {
	pod, err := h.Start(ctx, node)
	if err != nil {
		return "", err
	}
	out, errOut, err := h.Exec(ctx, h.Namespace, pod, "node", []string{"chroot", HostRoot, "sh", "-c", script})
	if err != nil {
		return out, RanError(node, errOut, err)
	}
	return out, nil
}

// Close deletes the helper Pods this run made and waits until they are gone.
func (h *HelperPods) Close(ctx context.Context) error {
	h.mu.Lock()
	var objs []kube.Object
	for _, name := range h.made {
		objs = append(objs, kube.Object{Kind: "Pod", Namespace: h.Namespace, Name: name})
	}
	h.pods, h.made = nil, nil
	h.mu.Unlock()
	return errors.Join(kube.DeleteAll(ctx, h.Client, objs, time.Minute)...)
}

// RanError returns the error of a script that failed on node: its stderr,
// else err.
func RanError(node, stderr string, err error) error {
	msg := strings.TrimSpace(stderr)
	if msg == "" {
		msg = err.Error()
	}
	return words.Err("err.node.onnode", text.Facts{"Node": node, "Why": msg})
}
