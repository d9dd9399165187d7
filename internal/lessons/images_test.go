package lessons

import (
	"strings"
	"testing"
)

func TestChooseImages(t *testing.T) {
	env := map[string]string{"KPOD_IMAGE_SHELL": "kpod.local/shell:1.0"}
	getenv := func(k string) string { return env[k] }
	got, err := ChooseImages(map[string]string{"web": "registry.example:5000/team/web@sha256:" + strings.Repeat("a", 64)}, getenv)
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
		_, err := ChooseImages(c.flags, getenv)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v %q: got %v, want one line with %s", c.flags, c.env, err, c.want)
		}
	}
}
