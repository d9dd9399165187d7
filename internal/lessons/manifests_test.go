package lessons

import (
	"io/fs"
	"reflect"
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/examples"
)

// Every manifest has a comment in every language that has comments, every
// comment belongs to a manifest, and taking the English comments out
// changes no object.
func TestManifestComments(t *testing.T) {
	files, err := fs.Glob(examples.FS, "*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests: %v", err)
	}
	if len(manifestComments["ko"]) == 0 {
		t.Fatal("no Korean manifest comments")
	}
	for lang, secs := range manifestComments {
		for key := range secs {
			if _, err := fs.Stat(examples.FS, key); err != nil && key != "title" && key != "intro" {
				t.Errorf("comments.%s.md: %q is no manifest", lang, key)
			}
		}
		for _, f := range files {
			if strings.TrimSpace(secs[f].Body) == "" {
				t.Errorf("comments.%s.md has no comment for %s", lang, f)
			}
		}
	}
	for _, f := range files {
		data, err := fs.ReadFile(examples.FS, f)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Decode(data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		local := localManifest("ko", f, data)
		got, err := Decode(local)
		if err != nil {
			t.Fatalf("%s in Korean: %v", f, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the objects change when the comments are taken out:\n%s", f, local)
		}
		for _, line := range strings.Split(string(local), "\n") {
			if c := strings.Index(line, "# "); c >= 0 && !strings.HasPrefix(line, "# ") && !strings.Contains(line, `"# `) {
				t.Errorf("%s: an English comment is left: %q", f, line)
			}
		}
	}
}

func TestUncomment(t *testing.T) {
	in := "# head\na: 1   # one\nb: \"x # y\"\nc: |\n  # kept\n  echo '#'\nd: 2\n"
	want := "a: 1\nb: \"x # y\"\nc: |\n  # kept\n  echo '#'\nd: 2\n"
	if got := uncomment(in); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
