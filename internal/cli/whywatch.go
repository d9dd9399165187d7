package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	watchtools "k8s.io/client-go/tools/watch"

	"github.com/kpod-dev/kpod/internal/diagnose"
	"github.com/kpod-dev/kpod/internal/kube"
)

// whyChange is one thing the watches saw: the Pod as it is now, an Event
// about it, or its deletion.
type whyChange struct {
	pod   *corev1.Pod
	event *corev1.Event
	gone  bool
}

// follow watches the Pod and its Events and says each new cause once, as it
// appears, until Ctrl-C or the Pod's deletion.
func (o *WhyOptions) follow(ctx context.Context, c kubernetes.Interface, pod *corev1.Pod) error {
	inv := o.inv
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	changes := make(chan whyChange)
	errs := make(chan error, 2)
	send := func(ch whyChange) bool {
		select {
		case changes <- ch:
			return true
		case <-ctx.Done():
			return false
		}
	}
	uid := pod.UID
	go func() {
		_, err := watchtools.UntilWithSync(ctx, kube.PodListWatch(c, pod.Namespace, "", pod.Name), &corev1.Pod{}, nil, func(e watch.Event) (bool, error) {
			p, ok := e.Object.(*corev1.Pod)
			if !ok || p.UID != uid {
				return false, nil // a later Pod of the same name is another Pod
			}
			return !send(whyChange{pod: p, gone: e.Type == watch.Deleted}), nil
		})
		errs <- err
	}()
	sel := fields.Set{"involvedObject.kind": "Pod", "involvedObject.name": pod.Name, "involvedObject.uid": string(uid)}.String()
	events := c.CoreV1().Events(pod.Namespace)
	go func() {
		_, err := watchtools.UntilWithSync(ctx, kube.Selected(c, metav1.ListOptions{FieldSelector: sel}, events.List, events.Watch), &corev1.Event{}, nil, func(e watch.Event) (bool, error) {
			if ev, ok := e.Object.(*corev1.Event); ok && e.Type != watch.Deleted {
				return !send(whyChange{event: ev}), nil
			}
			return false, nil
		})
		errs <- err
	}()

	seen := map[string]bool{}
	got := map[types.UID]corev1.Event{}
	oom := map[string]bool{}
	say := func() error {
		in := diagnose.Input{Pod: pod, Logs: map[string]string{}, Now: inv.Clock.Now(), OOMSeen: oom}
		for _, e := range got {
			in.Events = append(in.Events, e)
		}
		diagnose.Fetch(ctx, c, &in)
		d := diagnose.Diagnose(in, inv.scene())
		for _, list := range [][]corev1.ContainerStatus{pod.Status.InitContainerStatuses, pod.Status.ContainerStatuses} {
			for _, s := range list {
				for _, end := range []*corev1.ContainerStateTerminated{s.State.Terminated, s.LastTerminationState.Terminated} {
					if end != nil && end.Reason == "OOMKilled" {
						oom[s.Name] = true
					}
				}
			}
		}
		key := d.Case + "/" + d.Variant + "/" + d.Container
		if seen[key] {
			return nil
		}
		seen[key] = true
		return o.print(d, inv.Clock.Now())
	}
	// The Pod and its Events as they are now, then every change, a burst
	// of changes (the watches' first lists) read as one.
	list, err := kube.PodEvents(ctx, c, pod)
	if err != nil {
		return err
	}
	for _, e := range list {
		got[e.UID] = e
	}
	if err := say(); err != nil {
		return err
	}
	var stuck <-chan time.Time
	for {
		// A deleted Pod that stays is stuck StuckAfter later: look again then, once.
		if del := pod.DeletionTimestamp; del != nil && stuck == nil {
			stuck = inv.Clock.After(max(del.Add(diagnose.StuckAfter+time.Second).Sub(inv.Clock.Now()), 0))
		}
		select {
		case <-ctx.Done():
			return nil // Ctrl-C: watching ends
		case <-stuck:
			stuck = make(chan time.Time) // never again
			if err := say(); err != nil {
				return err
			}
		case err := <-errs:
			if ctx.Err() != nil || err == nil {
				return nil
			}
			return kube.Explain(err)
		case ch := <-changes:
			for more := true; more; {
				if ch.gone {
					return nil
				}
				if ch.pod != nil {
					pod = ch.pod
				}
				if ch.event != nil {
					got[ch.event.UID] = *ch.event
				}
				select {
				case ch = <-changes:
				case <-inv.Clock.After(100 * time.Millisecond):
					more = false
				}
			}
			if err := say(); err != nil {
				return err
			}
		}
	}
}

// print says one diagnosis: a record, or the text for people; at is when
// kpod why -w saw it (zero: a single diagnosis).
func (o *WhyOptions) print(d diagnose.Diagnosis, at time.Time) error {
	inv := o.inv
	if inv.json() {
		rec := struct {
			recordHead
			diagnose.Diagnosis
			At string `json:"at,omitempty"`
		}{recordHead: recordHead{schemaWhy, "diagnosis"}, Diagnosis: d}
		if !at.IsZero() {
			rec.At = at.UTC().Format(time.RFC3339)
		}
		return json.NewEncoder(inv.Streams.Out).Encode(rec)
	}
	if !at.IsZero() {
		fmt.Fprintln(inv.Streams.Out, inv.outPrinter().Theme.Subtle("— "+at.Local().Format("15:04:05")+" —"))
	}
	printDiagnosis(inv.Streams.Out, inv.outPrinter().Theme, inv.outPrinter().Width, inv.lang(), d, o.Hints)
	if !at.IsZero() {
		fmt.Fprintln(inv.Streams.Out)
	}
	return nil
}
