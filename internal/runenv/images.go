package runenv

import (
	"bytes"
	"fmt"
	"strings"
)

// Role is a kind of image a lesson needs. Lessons name roles, not images, so
// a classroom without a registry can point each role at a local image.
type Role struct {
	Name    string // web, shell
	Default string
	Usage   string
}

// Roles are the images the lessons use. The course used nginx:1.14 (2018,
// long out of support); kpod pins maintained releases instead.
var Roles = []Role{
	{Name: "web", Default: "nginx:1.30-alpine", Usage: "image for the web server role"},
	{Name: "shell", Default: "busybox:1.37", Usage: "image for the shell role (sh, wget, nc, env)"},
}

// EnvName is the environment variable that overrides a role's image.
func (r Role) EnvName() string { return "KPOD_IMAGE_" + strings.ToUpper(r.Name) }

// Images resolves every role: flag, else environment, else the default.
func Images(flags map[string]string, getenv func(string) string) map[string]string {
	out := map[string]string{}
	for _, r := range Roles {
		img := r.Default
		if v := getenv(r.EnvName()); v != "" {
			img = v
		}
		if v := flags[r.Name]; v != "" {
			img = v
		}
		out[r.Name] = img
	}
	return out
}

// RoleOf returns the role whose default image is image, if any.
func RoleOf(image string) (string, bool) {
	for _, r := range Roles {
		if r.Default == image {
			return r.Name, true
		}
	}
	return "", false
}

// ImageSet is the image chosen for each role.
type ImageSet map[string]string

// Swap is the image to run in place of img: the chosen one when img is a
// role's default, else img.
func (set ImageSet) Swap(img string) string {
	if role, ok := RoleOf(img); ok {
		if chosen := set[role]; chosen != "" {
			return chosen
		}
	}
	return img
}

// Stamp shows a manifest file with set's images, keeping its words and
// comments (a dry run prints the file a student would apply).
func (set ImageSet) Stamp(data []byte) []byte {
	lines := bytes.Split(data, []byte("\n"))
	for i, l := range lines {
		before, img, ok := bytes.Cut(l, []byte("image: "))
		if ok && len(bytes.TrimLeft(before, " -")) == 0 {
			lines[i] = append(append(before, "image: "...), set.Swap(string(bytes.TrimSpace(img)))...)
		}
	}
	return bytes.Join(lines, []byte("\n"))
}

// Image returns the image chosen for role.
func (set ImageSet) Image(role string) string {
	if img, ok := set[role]; ok {
		return img
	}
	panic(fmt.Sprintf("lesson uses unknown image role %q", role))
}
