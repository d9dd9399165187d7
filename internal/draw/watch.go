package draw

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	watchtools "k8s.io/client-go/tools/watch"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Schema names the JSON records Watch writes.
const Schema = "kpod.draw/v1"

// WatchOptions say how Watch and Run print drawings.
type WatchOptions struct {
	Draw    Options
	InPlace bool // a terminal: move up over the last drawing and draw over it
	Height  int  // the terminal's rows; a drawing this tall is redrawn after clearing the screen
	JSON    bool // one JSON object per drawing, one per line
	Follow  bool // Run only: keep redrawing as the Pod changes

	// Until, when set, ends Watch (with nil) once a Pod it says true
	// for has been drawn: a lesson step draws until the Pod is Ready.
	Until func(*corev1.Pod) bool
	Clock clock.PassiveClock // the clock of "at" (required with JSON)
}

// Record is one drawing as JSON.
type Record struct {
	Schema    string   `json:"schema"`
	Type      string   `json:"type"`
	Namespace string   `json:"namespace"`
	Pod       string   `json:"pod"`
	At        string   `json:"at"`
	Lines     []string `json:"lines"`
}

// Run is `kpod draw`: it draws the Pod once or, with opts.Follow, as it
// changes, until ctx ends (nil) or the Pod is deleted (NotFound, as the
// API server says of a Pod that is gone).
func Run(ctx context.Context, client kubernetes.Interface, ns, name string, out io.Writer, opts WatchOptions) error {
	pod, err := client.CoreV1().Pods(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return fmt.Errorf("pod/%s: %w", name, err)
	}
	if !opts.Follow {
		return newPrinter(out, ns, name, opts).show(pod)
	}
	return Watch(ctx, client, ns, name, out, opts)
}

// Watch follows the Pod with an informer and writes a drawing each time
// the Pod changes in a way the drawing shows. It returns nil when ctx ends
// or opts.Until is met, and a NotFound error (kube.IsNotFound) when the
// Pod is deleted.
func Watch(ctx context.Context, client kubernetes.Interface, ns, name string, w io.Writer, opts WatchOptions) error {
	p := newPrinter(w, ns, name, opts)
	_, err := watchtools.UntilWithSync(ctx, kube.PodListWatch(client, ns, "", name), &corev1.Pod{}, nil,
		func(e watch.Event) (bool, error) {
			pod, ok := e.Object.(*corev1.Pod)
			if !ok || pod.Name != name {
				return false, nil
			}
			if e.Type == watch.Deleted {
				return false, apierrors.NewNotFound(corev1.Resource("pods"), name)
			}
			if err := p.show(pod); err != nil {
				return false, err
			}
			return opts.Until != nil && opts.Until(pod), nil
		})
	if err != nil && !kube.IsNotFound(err) && ctx.Err() != nil {
		return nil
	}
	return err
}

// printer writes drawings, each only when it differs from the last.
type printer struct {
	w        io.Writer
	ns, name string
	o        WatchOptions
	last     string
	lines    int
}

func newPrinter(w io.Writer, ns, name string, o WatchOptions) *printer {
	return &printer{w: w, ns: ns, name: name, o: o}
}

func (p *printer) show(pod *corev1.Pod) error {
	drawing := Draw(pod, p.o.Draw)
	if drawing == p.last {
		return nil
	}
	first := p.last == ""
	p.last = drawing
	lines := strings.Split(drawing, "\n")
	var b strings.Builder
	switch {
	case p.o.JSON:
		for i, l := range lines {
			lines[i] = ansi.Strip(l)
		}
		data, err := json.Marshal(Record{Schema: Schema, Type: "draw", Namespace: p.ns, Pod: p.name,
			At: p.o.Clock.Now().UTC().Format(time.RFC3339Nano), Lines: lines})
		if err != nil {
			return err
		}
		b.Write(data)
		b.WriteByte('\n')
	case p.o.InPlace && !first && p.o.Height > 0 && p.lines >= p.o.Height:
		// The cursor cannot move up past the top of the screen.
		b.WriteString("\x1b[H\x1b[2J" + drawing + "\n")
	case p.o.InPlace && !first:
		fmt.Fprintf(&b, "\r\x1b[%dA", p.lines)
		for _, l := range lines {
			b.WriteString("\x1b[2K" + l + "\n")
		}
		b.WriteString("\x1b[J") // what is left of a taller drawing
	case first || p.o.InPlace:
		b.WriteString(drawing + "\n")
	default:
		b.WriteString("\n" + drawing + "\n")
	}
	p.lines = len(lines)
	_, err := io.WriteString(p.w, b.String())
	return err
}
