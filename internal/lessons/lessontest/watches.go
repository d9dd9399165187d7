package lessontest

import (
	"context"
	"sync"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
)

// Watches counts the watches opened on a fake clientset. The fake's watch
// starts from now, whatever resourceVersion it is asked for, so an object
// made between an informer's list and its watch is never seen: a test
// waits for the watches before it makes what they must see.
type Watches struct {
	mu     sync.Mutex
	opened map[string]int
	more   chan struct{}
}

// CountWatches starts counting the watches c opens from now on.
func CountWatches(c *fake.Clientset) *Watches {
	w := &Watches{opened: map[string]int{}, more: make(chan struct{})}
	c.PrependWatchReactor("*", func(a k8stesting.Action) (bool, watch.Interface, error) {
		var opts metav1.ListOptions
		if wa, ok := a.(k8stesting.WatchActionImpl); ok {
			opts = wa.ListOptions
		}
		ret, err := c.Tracker().Watch(a.GetResource(), a.GetNamespace(), opts)
		if err == nil {
			w.mu.Lock()
			w.opened[a.GetResource().Resource+" "+a.GetNamespace()]++
			close(w.more)
			w.more = make(chan struct{})
			w.mu.Unlock()
		}
		return true, ret, err
	})
	return w
}

// Wait returns once n watches on resource (say "pods") in namespace ns
// are open, or ctx ends.
func (w *Watches) Wait(ctx context.Context, resource, ns string, n int) error {
	for {
		w.mu.Lock()
		got, more := w.opened[resource+" "+ns], w.more
		w.mu.Unlock()
		if got >= n {
			return nil
		}
		select {
		case <-more:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
