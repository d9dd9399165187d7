package cli

import (
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kpod-dev/kpod/internal/lessons"
	"github.com/kpod-dev/kpod/internal/lessons/all"
)

// testInvocation is one run of a Factory with no cluster and quiet streams, its flags
// bound by a command tree.
func testInvocation(t *testing.T) *invocation {
	t.Helper()
	app, _, _ := newApp(nil)
	inv := newInvocation(app, nil)
	newCmdKpod(inv)
	return inv
}

// A command's flags land in its Options, and Complete reads them.
func TestLessonFlagsFillOptions(t *testing.T) {
	inv := testInvocation(t)
	o := newLessonOptions(inv, all.Lessons[0])
	cmd := newCmdLesson(o)
	if err := cmd.ParseFlags([]string{"--dry-run", "--keep", "--timeout", "30s", "--record", "run.json", "--image-web", "nginx:1"}); err != nil {
		t.Fatal(err)
	}
	if err := o.Complete(nil); err != nil {
		t.Fatal(err)
	}
	if !o.DryRun || !o.Keep || o.Timeout != 30*time.Second || o.Record != "run.json" || o.images["web"] != "nginx:1" {
		t.Errorf("options: %+v", o)
	}
}

// Validate refuses a bad --timeout without I/O.
func TestLessonValidate(t *testing.T) {
	inv := testInvocation(t)
	o := newLessonOptions(inv, all.Lessons[0])
	o.Timeout = 0
	if err := o.Validate(); err == nil || !strings.Contains(err.Error(), "--timeout") {
		t.Errorf("timeout 0: %v", err)
	}
}

// Validate only checks: what Complete filled is the same after it, whether
// it accepts or refuses.
func TestLessonValidateChangesNothing(t *testing.T) {
	inv := testInvocation(t)
	byName := map[string]*lessons.Lesson{}
	for _, l := range all.Lessons {
		byName[l.Name] = l
	}
	for _, tc := range []struct {
		name   string
		lesson string
		set    func(o *LessonOptions)
	}{
		{"defaults", "run", func(*LessonOptions) {}},
		{"timeout 0", "run", func(o *LessonOptions) { o.Timeout = 0 }},
		{"student on a node lesson", "static", func(o *LessonOptions) { o.classNS = "kpod-c1-s01" }},
		{"student's dry run", "static", func(o *LessonOptions) { o.classNS, o.DryRun = "kpod-c1-s01", true }},
	} {
		o := newLessonOptions(inv, byName[tc.lesson])
		if err := o.Complete(nil); err != nil {
			t.Fatal(err)
		}
		tc.set(o)
		before := snapshot(o)
		_ = o.Validate()
		if after := snapshot(o); !reflect.DeepEqual(before, after) {
			t.Errorf("%s: Validate changed the options:\n%+v\n%+v", tc.name, before, after)
		}
	}
}

// snapshot is a copy of o that shares no map with it.
func snapshot(o *LessonOptions) LessonOptions {
	c := *o
	c.images, c.values = maps.Clone(o.images), maps.Clone(o.values)
	c.Images, c.Values = map[string]*string{}, map[string]*string{}
	for k, v := range o.Images {
		s := *v
		c.Images[k] = &s
	}
	for k, v := range o.Values {
		s := *v
		c.Values[k] = &s
	}
	return c
}

// Practice's flags go together only so far.
func TestPracticeValidate(t *testing.T) {
	inv := testInvocation(t)
	for _, tc := range []struct {
		o    PracticeOptions
		want string
	}{
		{PracticeOptions{inv: inv, Check: true, Hint: true}, "one at a time"},
		{PracticeOptions{inv: inv, Yes: true}, "--yes"},
		{PracticeOptions{inv: inv, Timeout: -time.Second}, "--timeout"},
		{PracticeOptions{inv: inv, Reset: true, Yes: true}, ""},
	} {
		err := tc.o.Validate()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.o, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v: %v, want %q", tc.o, err, tc.want)
		}
	}
}
