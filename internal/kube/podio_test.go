package kube

import (
	"context"
	"slices"
	"testing"

	"k8s.io/client-go/kubernetes/fake"
)

// The fake clientset's log is the one line "fake logs".
func TestFollowLog(t *testing.T) {
	c := fake.NewClientset()
	for _, tc := range []struct {
		want  string
		found bool
	}{{"logs", true}, {"ready", false}} {
		lines, found, err := FollowLog(context.Background(), c, "ns", "web", "app", tc.want)
		if err != nil || found != tc.found || !slices.Equal(lines, []string{"fake logs"}) {
			t.Errorf("FollowLog until %q = %q, %v, %v; want [fake logs], %v", tc.want, lines, found, err, tc.found)
		}
	}
}
