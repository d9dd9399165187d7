package kube

import (
	"context"
	"fmt"
	"sort"

	discoveryv1 "k8s.io/api/discovery/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	watchtools "k8s.io/client-go/tools/watch"
)

// WaitEndpoint watches a Service's EndpointSlices until one lists ip with
// its ready condition as ready says (ctx bounds the wait), and returns the
// endpoints of the slices it saw last as "IP  ready=BOOL" lines, sorted.
func WaitEndpoint(ctx context.Context, client kubernetes.Interface, ns, service, ip string, ready bool) ([]string, error) {
	slices := client.DiscoveryV1().EndpointSlices(ns)
	sel := discoveryv1.LabelServiceName + "=" + service
	lw := Selected(client, metav1.ListOptions{LabelSelector: sel}, slices.List, slices.Watch)
	var last []discoveryv1.EndpointSlice
	matches := func(list []discoveryv1.EndpointSlice) bool {
		for _, sl := range list {
			for _, e := range sl.Endpoints {
				r := e.Conditions.Ready != nil && *e.Conditions.Ready
				if len(e.Addresses) > 0 && e.Addresses[0] == ip && r == ready {
					return true
				}
			}
		}
		return false
	}
	_, err := watchtools.UntilWithSync(ctx, lw, &discoveryv1.EndpointSlice{}, func(store cache.Store) (bool, error) {
		last = nil
		for _, o := range store.List() {
			last = append(last, *o.(*discoveryv1.EndpointSlice))
		}
		return matches(last), nil
	}, func(e watch.Event) (bool, error) {
		sl, ok := e.Object.(*discoveryv1.EndpointSlice)
		if !ok || e.Type == watch.Deleted {
			return false, nil
		}
		last = []discoveryv1.EndpointSlice{*sl}
		return matches(last), nil
	})
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, sl := range last {
		for _, e := range sl.Endpoints {
			if len(e.Addresses) > 0 {
				lines = append(lines, fmt.Sprintf("%s  ready=%v", e.Addresses[0], e.Conditions.Ready != nil && *e.Conditions.Ready))
			}
		}
	}
	sort.Strings(lines)
	return lines, nil
}
