package runlock

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	coordv1 "k8s.io/api/coordination/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilrand "k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/util/retry"
	"k8s.io/utils/clock"

	"github.com/kpod-dev/kpod/internal/kube"
)

// Term is how long a run's Lease holds without being renewed; the
// running kpod renews it every third of that. A Lease not renewed for
// longer belongs to a run that is gone (its machine lost). A run killed
// on this machine is seen gone at once (gone), so the Lease can be long:
// a lesson of under 20 s renews it never, the longest (static) 5 times.
const Term = 60 * time.Second

// Lock is a coordination.k8s.io Lease that says one kpod run is going
// on: one Lease per lesson and namespace, held and renewed by the running
// kpod, so that a second run in the same place refuses at once instead of
// taking the first one's objects for leftovers.
type Lock struct {
	Client    kubernetes.Interface
	Namespace string
	Name      string            // the Lease's name
	Labels    map[string]string // put on the Lease
	Holder    string            // who holds it; "" picks host, PID and a random suffix
	Clock     clock.Clock       // stamps and renews the Lease (required)

	mu    sync.Mutex
	lease *coordv1.Lease
	stop  context.CancelFunc
	done  chan struct{}
}

// BusyError says another live run holds the Lease.
type BusyError struct {
	Namespace, Name, Holder string
	Age                     time.Duration // since it was last renewed
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("another kpod run holds lease/%s in namespace %s (%s, renewed %s ago)", e.Name, e.Namespace, e.Holder, e.Age.Round(time.Second))
}

// Holder returns this process's name in a Lease: host, PID and a random
// suffix.
func Holder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s pid %d/%s", host, os.Getpid(), utilrand.String(4))
}

// Live reports whether a Lease is held by a run that renewed it recently,
// and how long ago that was.
func Live(l *coordv1.Lease, now time.Time) (bool, time.Duration) {
	if l == nil || l.Spec.HolderIdentity == nil || *l.Spec.HolderIdentity == "" || l.Spec.RenewTime == nil {
		return false, 0
	}
	d := Term
	if l.Spec.LeaseDurationSeconds != nil {
		d = time.Duration(*l.Spec.LeaseDurationSeconds) * time.Second
	}
	age := now.Sub(l.Spec.RenewTime.Time)
	return age < d && !gone(*l.Spec.HolderIdentity), age
}

// gone reports whether holder (as Holder makes it) is a process of this
// machine that has ended: a run killed a moment ago need not be waited for.
func gone(holder string) bool {
	host, rest, ok := strings.Cut(holder, " pid ")
	pidText, _, _ := strings.Cut(rest, "/")
	pid, err := strconv.Atoi(pidText)
	if me, _ := os.Hostname(); !ok || err != nil || host != me || pid <= 0 {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return errors.Is(err, os.ErrProcessDone) || errors.Is(err, syscall.ESRCH)
}

// Acquire takes the Lease, or returns a *BusyError naming the live run
// that holds it. A Lease that is released or not renewed in time is taken
// over. While held, it is renewed until Release.
func (r *Lock) Acquire(ctx context.Context) error {
	if r.Holder == "" {
		r.Holder = Holder()
	}
	leases := r.Client.CoordinationV1().Leases(r.Namespace)
	secs := int32(Term / time.Second)
	now := metav1.NewMicroTime(r.Clock.Now())
	// Create first: the Lease is read only when it is there already.
	got, err := leases.Create(ctx, &coordv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Name: r.Name, Namespace: r.Namespace, Labels: r.Labels},
		Spec:       coordv1.LeaseSpec{HolderIdentity: &r.Holder, LeaseDurationSeconds: &secs, AcquireTime: &now, RenewTime: &now},
	}, metav1.CreateOptions{})
	if apierrors.IsAlreadyExists(err) {
		old, gerr := leases.Get(ctx, r.Name, metav1.GetOptions{})
		if gerr != nil {
			return kube.Explain(gerr)
		}
		if live, age := Live(old, r.Clock.Now()); live {
			return &BusyError{Namespace: r.Namespace, Name: r.Name, Holder: *old.Spec.HolderIdentity, Age: age}
		}
		l := old.DeepCopy()
		l.Labels = r.Labels
		l.Spec.HolderIdentity, l.Spec.LeaseDurationSeconds, l.Spec.AcquireTime, l.Spec.RenewTime = &r.Holder, &secs, &now, &now
		got, err = leases.Update(ctx, l, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			return r.busy(ctx) // another run took it a moment before
		}
	}
	if err != nil {
		return kube.Explain(err)
	}
	rctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	r.mu.Lock()
	r.lease, r.stop, r.done = got, stop, make(chan struct{})
	r.mu.Unlock()
	go r.renew(rctx)
	return nil
}

// busy reads the Lease another run just took and says who holds it.
func (r *Lock) busy(ctx context.Context) error {
	l, err := r.Client.CoordinationV1().Leases(r.Namespace).Get(ctx, r.Name, metav1.GetOptions{})
	if err != nil {
		return kube.Explain(err)
	}
	holder := "?"
	if l.Spec.HolderIdentity != nil {
		holder = *l.Spec.HolderIdentity
	}
	_, age := Live(l, r.Clock.Now())
	return &BusyError{Namespace: r.Namespace, Name: r.Name, Holder: holder, Age: age}
}

// renew renews the Lease every third of Term until ctx ends. A renewal
// that fails (the API server away a moment) is tried again at the next tick.
func (r *Lock) renew(ctx context.Context) {
	defer close(r.done)
	t := r.Clock.NewTimer(Term / 3)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C():
		}
		t.Reset(Term / 3)
		r.mu.Lock()
		l := r.lease.DeepCopy()
		r.mu.Unlock()
		now := metav1.NewMicroTime(r.Clock.Now())
		l.Spec.RenewTime = &now
		got, err := r.Client.CoordinationV1().Leases(r.Namespace).Update(ctx, l, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			// Someone changed it: keep renewing only while it is still ours.
			cur, gerr := r.Client.CoordinationV1().Leases(r.Namespace).Get(ctx, r.Name, metav1.GetOptions{})
			if gerr != nil || cur.Spec.HolderIdentity == nil || *cur.Spec.HolderIdentity != r.Holder {
				continue
			}
			r.mu.Lock()
			r.lease = cur
			r.mu.Unlock()
			continue
		}
		if err == nil {
			r.mu.Lock()
			r.lease = got
			r.mu.Unlock()
		}
	}
}

// Release stops renewing. With keep it leaves the Lease released (no
// holder) as a mark that kpod's objects stay in this namespace; else it
// deletes it. A Lease another run has taken over is left alone.
func (r *Lock) Release(ctx context.Context, keep bool) error {
	r.mu.Lock()
	stop, done := r.stop, r.done
	r.mu.Unlock()
	if stop == nil {
		return nil
	}
	stop()
	<-done
	r.mu.Lock()
	r.stop = nil
	r.mu.Unlock()
	// The Lease as this run last wrote it; read again only when it changed since.
	r.mu.Lock()
	cur := r.lease.DeepCopy()
	r.mu.Unlock()
	err := r.let(ctx, cur, keep)
	if apierrors.IsConflict(err) {
		cur, err = r.Client.CoordinationV1().Leases(r.Namespace).Get(ctx, r.Name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return kube.Explain(err)
		}
		if cur.Spec.HolderIdentity == nil || *cur.Spec.HolderIdentity != r.Holder {
			return nil
		}
		err = r.let(ctx, cur, keep)
	}
	if apierrors.IsNotFound(err) {
		err = nil
	}
	return kube.Explain(err)
}

// let releases cur, this run's Lease as last read or written: with keep
// it clears the holder, else it deletes the Lease. Either fails with a
// conflict when the Lease changed since cur.
func (r *Lock) let(ctx context.Context, cur *coordv1.Lease, keep bool) error {
	leases := r.Client.CoordinationV1().Leases(r.Namespace)
	if keep {
		cur.Spec.HolderIdentity = nil
		_, err := leases.Update(ctx, cur, metav1.UpdateOptions{})
		return err
	}
	uid, rv := cur.UID, cur.ResourceVersion
	return leases.Delete(ctx, r.Name, metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &uid, ResourceVersion: &rv}})
}

// FilesAnnotation lists, on a run's Lease, the files the run wrote on
// nodes ("NODE:PATH" a line), written before each file is: after kpod was
// killed, `kpod clean` finds them there even before a kubelet has made a
// mirror Pod for one.
const FilesAnnotation = "kpod.dev/node-files"

// NoteFile adds "node:path" to the Lease's FilesAnnotation.
func (r *Lock) NoteFile(ctx context.Context, node, path string) error {
	leases := r.Client.CoordinationV1().Leases(r.Namespace)
	return retry.RetryOnConflict(retry.DefaultRetry, func() error {
		r.mu.Lock()
		l := r.lease.DeepCopy()
		r.mu.Unlock()
		if l.Annotations == nil {
			l.Annotations = map[string]string{}
		}
		line := node + ":" + path
		if slices.Contains(strings.Split(l.Annotations[FilesAnnotation], "\n"), line) {
			return nil
		}
		l.Annotations[FilesAnnotation] = strings.TrimPrefix(l.Annotations[FilesAnnotation]+"\n"+line, "\n")
		got, err := leases.Update(ctx, l, metav1.UpdateOptions{})
		if apierrors.IsConflict(err) {
			if cur, gerr := leases.Get(ctx, r.Name, metav1.GetOptions{}); gerr == nil {
				r.mu.Lock()
				r.lease = cur
				r.mu.Unlock()
			}
			return err
		}
		if err != nil {
			return kube.Explain(err)
		}
		r.mu.Lock()
		r.lease = got
		r.mu.Unlock()
		return nil
	})
}

// NodeFiles reads a Lease's FilesAnnotation: the files by node.
func NodeFiles(l *coordv1.Lease) map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(l.Annotations[FilesAnnotation], "\n") {
		if node, path, ok := strings.Cut(line, ":"); ok && node != "" && path != "" {
			out[node] = append(out[node], path)
		}
	}
	return out
}

// Get returns the Lease name in ns, or nil if there is none.
func Get(ctx context.Context, c kubernetes.Interface, ns, name string) (*coordv1.Lease, error) {
	l, err := c.CoordinationV1().Leases(ns).Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, kube.Explain(err)
	}
	return l, nil
}
