package cli

import (
	"strings"
	"testing"

	"github.com/kpod-dev/kpod/internal/text"
)

// flagsOf is a set of --image-ROLE flags as cobra holds them.
func flagsOf(m map[string]string) map[string]*string {
	out := map[string]*string{}
	for k, v := range m {
		out[k] = &v
	}
	return out
}

func TestChooseImages(t *testing.T) {
	env := map[string]string{"KPOD_IMAGE_SHELL": "kpod.local/shell:1.0"}
	getenv := func(k string) string { return env[k] }
	got, err := chooseImages(flagsOf(map[string]string{"web": "registry.example:5000/team/web@sha256:" + strings.Repeat("a", 64)}), getenv)
	if err != nil {
		t.Fatal(err)
	}
	if got["shell"] != "kpod.local/shell:1.0" || !strings.HasPrefix(got["web"], "registry.example:5000/") {
		t.Errorf("got %v", got)
	}
	for _, c := range []struct {
		flags map[string]string
		env   string
		want  string
	}{
		{map[string]string{"web": "Nginx:1"}, "", `--image-web "Nginx:1" is not an image reference`},
		{map[string]string{"web": "nginx:"}, "", `--image-web "nginx:"`},
		{map[string]string{"shell": "busy box"}, "", `--image-shell "busy box"`},
		{nil, "a//b", `KPOD_IMAGE_SHELL "a//b"`},
	} {
		env["KPOD_IMAGE_SHELL"] = c.env
		_, err := chooseImages(flagsOf(c.flags), getenv)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") || text.Key(err) != "err.cli.image" {
			t.Errorf("%v %q: got %v (code %q), want one line with %s", c.flags, c.env, err, text.Key(err), c.want)
		}
	}
}

// --image-ROLE and KPOD_IMAGE_ROLE: a reference kpod takes is used as
// typed; one it refuses gets one line that names it.
func FuzzImages(f *testing.F) {
	for _, s := range []string{"kpod.local/web:1.0", "nginx", "registry.example:5000/team/web@sha256:" + strings.Repeat("a", 64), "UPPER/case", "web:", "a b", "웹:1.0", ":", "\n"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, img string, fromEnv bool) {
		flags, env := map[string]string{"web": img}, map[string]string{}
		if fromEnv {
			flags, env = nil, map[string]string{"KPOD_IMAGE_WEB": img}
		}
		got, err := chooseImages(flagsOf(flags), func(k string) string { return env[k] })
		switch {
		case err != nil:
			if strings.Contains(err.Error(), "\n") && !strings.Contains(img, "\n") {
				t.Errorf("refusal of %q is not one line: %q", img, err)
			}
		case img != "" && got["web"] != img:
			t.Errorf("took %q but runs %q", img, got["web"])
		}
	})
}
