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
	// seen holds every slice of the Service by name: a Service may have
	// several, and an event carries only one.
	seen := map[string]discoveryv1.EndpointSlice{}
	matches := func() bool {
		for _, sl := range seen {
			for _, e := range sl.Endpoints {
				r := e.Conditions.Ready != nil && *e.Conditions.Ready
				if r == ready && slices.Contains(e.Addresses, ip) {
					return true
				}
			}
		}
		return false
	}
	_, err := watchtools.UntilWithSync(ctx, lw, &discoveryv1.EndpointSlice{}, func(store cache.Store) (bool, error) {
		clear(seen)
		for _, o := range store.List() {
			sl := o.(*discoveryv1.EndpointSlice)
			seen[sl.Name] = *sl
		}
		return matches(), nil
	}, func(e watch.Event) (bool, error) {
		sl, ok := e.Object.(*discoveryv1.EndpointSlice)
		if !ok {
			return false, nil
		}
		if e.Type == watch.Deleted {
			delete(seen, sl.Name)
		} else {
			seen[sl.Name] = *sl
		}
		return matches(), nil
	})
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, sl := range seen {
		for _, e := range sl.Endpoints {
			if len(e.Addresses) > 0 {
				lines = append(lines, fmt.Sprintf("%s  ready=%v", e.Addresses[0], e.Conditions.Ready != nil && *e.Conditions.Ready))
			}
		}
	}
	sort.Strings(lines)
	return lines, nil
}
