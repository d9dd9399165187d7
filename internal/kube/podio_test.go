package kube

import (
	"context"
	"slices"
	"strings"
	"testing"

	"k8s.io/client-go/kubernetes/fake"
)

// The fake clientset's log is the one line "fake logs".
func TestFollowLog(t *testing.T) {
	c := fake.NewClientset()
	for _, tc := range []struct {
		want string
		done bool
	}{{"logs", true}, {"ready", false}} {
		var lines []string
		done, err := FollowLog(context.Background(), c, "ns", "web", "app", func(l string) bool {
			lines = append(lines, l)
			return strings.Contains(l, tc.want)
		})
		if err != nil || done != tc.done || !slices.Equal(lines, []string{"fake logs"}) {
			t.Errorf("FollowLog until %q: read %q, done %v, %v; want [fake logs], %v", tc.want, lines, done, err, tc.done)
		}
	}
}
