package class

import (
	"context"
	"sort"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/kpod-dev/kpod/internal/kube"
	"github.com/kpod-dev/kpod/internal/progress"
)

// Student is one row of kpod class status.
type Student struct {
	Name         string     `json:"student"`
	Namespace    string     `json:"namespace"`
	Lessons      []string   `json:"lessons"`     // the lessons they ran to the end
	Tasks        int        `json:"tasksSolved"` // practice tasks solved
	Pods         []PodState `json:"pods"`
	LastActivity *time.Time `json:"lastActivity,omitempty"`
}

// PodState is what one of a student's Pods is doing: the timeline's word
// for it (Running, CrashLoopBackOff, Init:0/2...).
type PodState struct {
	Name  string `json:"name"`
	State string `json:"state"`
}

// Rows builds the table from what the watches hold.
func Rows(nss []*corev1.Namespace, cms []*corev1.ConfigMap, pods []*corev1.Pod) []Student {
	byNS := map[string]*Student{}
	var out []*Student
	for _, ns := range nss {
		s := &Student{Name: ns.Labels[StudentLabel], Namespace: ns.Name, Lessons: []string{}, Pods: []PodState{}}
		byNS[ns.Name] = s
		out = append(out, s)
	}
	later := func(s *Student, t time.Time) {
		if !t.IsZero() && (s.LastActivity == nil || t.After(*s.LastActivity)) {
			t = t.UTC()
			s.LastActivity = &t
		}
	}
	for _, cm := range cms {
		s := byNS[cm.Namespace]
		if s == nil || cm.Name != Progress {
			continue
		}
		if p, err := progress.Parse([]byte(cm.Data[ProgressKey])); err == nil {
			for name, l := range p.Lessons {
				if l.Runs > 0 {
					s.Lessons = append(s.Lessons, name)
				}
				for _, t := range l.Tasks {
					if t.Solved != nil {
						s.Tasks++
					}
				}
			}
			sort.Strings(s.Lessons)
		}
		if t, err := time.Parse(time.RFC3339, cm.Data[ActivityKey]); err == nil {
			later(s, t)
		}
	}
	for _, p := range pods {
		s := byNS[p.Namespace]
		if s == nil {
			continue
		}
		s.Pods = append(s.Pods, PodState{Name: p.Name, State: kube.PodStatus(p)})
		later(s, p.CreationTimestamp.Time)
		for _, c := range p.Status.Conditions {
			later(s, c.LastTransitionTime.Time)
		}
	}
	rows := make([]Student, len(out))
	for i, s := range out {
		sort.Slice(s.Pods, func(a, b int) bool { return s.Pods[a].Name < s.Pods[b].Name })
		rows[i] = *s
	}
	sort.Slice(rows, func(a, b int) bool { return rows[a].Name < rows[b].Name })
	return rows
}

// Watch shows the class through three watches (the class's namespaces,
// their progress ConfigMaps, and Pods): show gets the rows once the watches
// have the whole picture, then, with live, again after every change until
// ctx ends. Nothing is polled.
func Watch(ctx context.Context, c kubernetes.Interface, class string, live bool, show func([]Student) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sel := Selector(class)
	changed := make(chan struct{}, 1)
	run := func(lw cache.ListerWatcher, obj runtime.Object) cache.SharedIndexInformer {
		inf := cache.NewSharedIndexInformer(lw, obj, 0, cache.Indexers{})
		poke := func() {
			select {
			case changed <- struct{}{}:
			default:
			}
		}
		_, _ = inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: func(any) { poke() }, UpdateFunc: func(_, _ any) { poke() }, DeleteFunc: func(any) { poke() },
		})
		go inf.RunWithContext(ctx)
		return inf
	}
	nss := run(kube.ListWatch(c, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		o.LabelSelector = sel
		return c.CoreV1().Namespaces().List(ctx, o)
	}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		o.LabelSelector = sel
		return c.CoreV1().Namespaces().Watch(ctx, o)
	}), &corev1.Namespace{})
	cms := run(kube.ListWatch(c, func(ctx context.Context, o metav1.ListOptions) (runtime.Object, error) {
		o.LabelSelector = sel
		return c.CoreV1().ConfigMaps("").List(ctx, o)
	}, func(ctx context.Context, o metav1.ListOptions) (watch.Interface, error) {
		o.LabelSelector = sel
		return c.CoreV1().ConfigMaps("").Watch(ctx, o)
	}), &corev1.ConfigMap{})
	pods := run(kube.PodListWatch(c, "", "", ""), &corev1.Pod{})
	if !cache.WaitForCacheSync(ctx.Done(), nss.HasSynced, cms.HasSynced, pods.HasSynced) {
		return ctx.Err()
	}
	rows := func() []Student {
		var n []*corev1.Namespace
		for _, o := range nss.GetStore().List() {
			n = append(n, o.(*corev1.Namespace))
		}
		var m []*corev1.ConfigMap
		for _, o := range cms.GetStore().List() {
			m = append(m, o.(*corev1.ConfigMap))
		}
		var p []*corev1.Pod
		for _, o := range pods.GetStore().List() {
			p = append(p, o.(*corev1.Pod))
		}
		return Rows(n, m, p)
	}
	if err := show(rows()); err != nil || !live {
		return err
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-changed:
			if err := show(rows()); err != nil {
				return err
			}
		}
	}
}
