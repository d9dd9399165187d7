package kube

import (
	"context"
	"slices"
	"testing"
	"time"

	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"
	ktesting "k8s.io/client-go/testing"
)

// slice is an EndpointSlice of the Service web with one ready endpoint
// per list of addresses.
func slice(name string, addrs ...[]string) *discoveryv1.EndpointSlice {
	sl := &discoveryv1.EndpointSlice{ObjectMeta: metav1.ObjectMeta{
		Name: name, Namespace: "ns",
		Labels: map[string]string{discoveryv1.LabelServiceName: "web"},
	}}
	ready := true
	for _, a := range addrs {
		sl.Endpoints = append(sl.Endpoints, discoveryv1.Endpoint{Addresses: a, Conditions: discoveryv1.EndpointConditions{Ready: &ready}})
	}
	return sl
}

// endpointClient is a fake clientset holding objs whose watch of
// EndpointSlices is w, so a test sends the events itself.
func endpointClient(w watch.Interface, objs ...runtime.Object) *fake.Clientset {
	c := fake.NewClientset(objs...)
	c.PrependWatchReactor("endpointslices", func(ktesting.Action) (bool, watch.Interface, error) { return true, w, nil })
	return c
}

// A Service may have several slices, and an endpoint several addresses:
// the IP in the second slice, as an endpoint's second address, is met.
func TestWaitEndpointEverySlice(t *testing.T) {
	c := endpointClient(watch.NewFake(), slice("web-a", []string{"10.0.0.1"}), slice("web-b", []string{"10.0.0.3", "10.0.0.2"}))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	lines, err := WaitEndpoint(ctx, c, "ns", "web", "10.0.0.2", true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.1  ready=true", "10.0.0.3  ready=true"}
	if !slices.Equal(lines, want) {
		t.Errorf("lines %q, want %q", lines, want)
	}
}

// An event carries one slice: the others stay, and a deleted one goes.
func TestWaitEndpointEvents(t *testing.T) {
	w := watch.NewFake()
	c := endpointClient(w, slice("web-a", []string{"10.0.0.1"}), slice("web-b", []string{"10.0.0.9"}))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	go func() {
		w.Delete(slice("web-b", []string{"10.0.0.9"}))
		w.Add(slice("web-c", []string{"10.0.0.2"}))
	}()
	lines, err := WaitEndpoint(ctx, c, "ns", "web", "10.0.0.2", true)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"10.0.0.1  ready=true", "10.0.0.2  ready=true"}
	if !slices.Equal(lines, want) {
		t.Errorf("lines %q, want %q", lines, want)
	}
}

// The IP's slice deleted, the wait is not met.
func TestWaitEndpointDeleted(t *testing.T) {
	w := watch.NewFake()
	c := endpointClient(w, slice("web-a", []string{"10.0.0.1"}))
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	go func() {
		w.Add(slice("web-b", []string{"10.0.0.7"}))
		w.Delete(slice("web-b", []string{"10.0.0.7"}))
	}()
	if lines, err := WaitEndpoint(ctx, c, "ns", "web", "10.0.0.2", true); err == nil {
		t.Errorf("met with %q, want an error: no slice lists 10.0.0.2", lines)
	}
}
