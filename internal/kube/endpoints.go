package kube

import (
	"context"
	"fmt"
	"slices"
	"sort"

	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
)

// WaitEndpoint watches all of a Service's EndpointSlices until one lists
// ip, among any endpoint's addresses, with its ready condition as ready
// says (ctx bounds the wait), and returns the endpoints of the slices it
// saw last as "IP  ready=BOOL" lines (the first address, as kubectl's
// jsonpath prints it), sorted.
func WaitEndpoint(ctx context.Context, client kubernetes.Interface, ns, service, ip string, ready bool) ([]string, error) {
	api := client.DiscoveryV1().EndpointSlices(ns)
	sel := discoveryv1.LabelServiceName + "=" + service
	lw := Selected(client, metav1.ListOptions{LabelSelector: sel}, api.List, api.Watch)
	// The informer's store holds every slice of the Service (a Service may
	// have several, and an event carries only one), updated before each
	// event reaches the condition.
	var store cache.Store
	matches := func() bool {
		for _, o := range store.List() {
			for _, e := range o.(*discoveryv1.EndpointSlice).Endpoints {
				r := e.Conditions.Ready != nil && *e.Conditions.Ready
				if r == ready && slices.Contains(e.Addresses, ip) {
					return true
				}
			}
		}
		return false
	}
	_, err := watchtools.UntilWithSync(ctx, lw, &discoveryv1.EndpointSlice{}, func(s cache.Store) (bool, error) {
		store = s
		return matches(), nil
	}, func(watch.Event) (bool, error) {
		return matches(), nil
	})
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, o := range store.List() {
		for _, e := range o.(*discoveryv1.EndpointSlice).Endpoints {
			if len(e.Addresses) > 0 {
				lines = append(lines, fmt.Sprintf("%s  ready=%v", e.Addresses[0], e.Conditions.Ready != nil && *e.Conditions.Ready))
			}
		}
	}
	sort.Strings(lines)
	return lines, nil
}
