package lessons_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/lessontest"
	"github.com/kpod-dev/kpod/internal/report"
	"github.com/kpod-dev/kpod/internal/text"
)

// Two Facts of one name and different types: the read gets false and the
// zero value, and a strict run (every test's) fails naming the fact, both
// where it is read and where it is set again with the other type.
func TestFactOfAnotherType(t *testing.T) {
	const (
		count lessons.Fact[int]    = "count"
		same  lessons.Fact[string] = "count"
	)
	for _, tc := range []struct {
		name string
		do   func(lessons.View) (report.Output, error)
		want string
	}{
		{"read", func(s lessons.View) (report.Output, error) {
			if v, ok := same.Get(s); ok || v != "" {
				t.Errorf("read as a string: %q, %v", v, ok)
			}
			return report.Output{}, nil
		}, `fact "count" holds a int, read as a string`},
		{"set", func(s lessons.View) (report.Output, error) {
			same.Set(s, "three")
			return report.Output{}, nil
		}, `fact "count" holds a int, set to a string`},
	} {
		l := &lessons.Lesson{Name: "facts", Text: text.Text{"en": {"title": {Title: "Facts"}, "s": {Title: "S"}}},
			Steps: func(lessons.Values) []lessons.Step {
				return []lessons.Step{{Key: "s", Do: []lessons.Action{
					lessons.Do("", func(_ context.Context, s lessons.View) (report.Output, error) {
						count.Set(s, 3)
						return report.Output{}, nil
					}),
					lessons.Do("", func(_ context.Context, s lessons.View) (report.Output, error) { return tc.do(s) }),
				}}}
			}}
		c, _, err := lessontest.FakeClients(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err = lessontest.FakeSession(l, nil, c, &out).Run(context.Background())
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}

// A fact of the right type reads back; one never learned is false, and no
// problem.
func TestFactGet(t *testing.T) {
	const count lessons.Fact[int] = "count"
	l := &lessons.Lesson{Name: "facts", Text: text.Text{"en": {"title": {Title: "Facts"}, "s": {Title: "S"}}},
		Steps: func(lessons.Values) []lessons.Step {
			return []lessons.Step{{Key: "s", Do: []lessons.Action{
				lessons.Do("", func(_ context.Context, s lessons.View) (report.Output, error) {
					if v, ok := count.Get(s); ok || v != 0 {
						t.Errorf("before: %v, %v", v, ok)
					}
					count.Set(s, 3)
					if v, ok := count.Get(s); !ok || v != 3 {
						t.Errorf("after: %v, %v", v, ok)
					}
					return report.Output{}, nil
				}),
			}}}
		}}
	c, _, err := lessontest.FakeClients(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := lessontest.FakeSession(l, nil, c, &out).Run(context.Background()); err != nil {
		t.Errorf("run: %v\n%s", err, out.String())
	}
}

// A fact whose name is the group of another ("node" and "node.cpu") is a
// problem, learned in either order: a text would read the first as a group.
// Names that only start alike ("node" and "node-cpu") are not.
func TestFactThatIsAGroup(t *testing.T) {
	const (
		node     lessons.Fact[string] = "node"
		nodeCPU  lessons.Fact[string] = "node.cpu"
		nodeCPU2 lessons.Fact[string] = "node-cpu"
	)
	for _, tc := range []struct {
		name  string
		first lessons.Fact[string]
		then  lessons.Fact[string]
		want  string
	}{
		{"group first", node, nodeCPU, `fact "node" is also the group of fact "node.cpu"`},
		{"member first", nodeCPU, node, `fact "node" is also the group of fact "node.cpu"`},
		{"one word", node, nodeCPU2, ""},
	} {
		l := &lessons.Lesson{Name: "facts", Text: text.Text{"en": {"title": {Title: "Facts"}, "s": {Title: "S"}}},
			Steps: func(lessons.Values) []lessons.Step {
				return []lessons.Step{{Key: "s", Do: []lessons.Action{
					lessons.Do("", func(_ context.Context, s lessons.View) (report.Output, error) {
						tc.first.Set(s, "a")
						tc.then.Set(s, "b")
						tc.first.Set(s, "c") // again: no second problem
						return report.Output{}, nil
					}),
				}}}
			}}
		c, _, err := lessontest.FakeClients(context.Background(), nil)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		err = lessontest.FakeSession(l, nil, c, &out).Run(context.Background())
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || strings.Count(err.Error(), tc.want) != 1):
			t.Errorf("%s: %v, want %q once", tc.name, err, tc.want)
		}
	}
}
