package diagnose

import (
	"fmt"
	"regexp"
	"strings"
)

var quotedImage = regexp.MustCompile(`image "([^"]+)"`)

// imagePull: the kubelet cannot get the container's image.
type imagePull struct{}

func (imagePull) match(d *diag, c *ctr) bool {
	return waitingFor(c, "ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull")
}

func (imagePull) explain(d *diag, c *ctr) {
	w := c.status.State.Waiting
	image := c.status.Image
	if c.spec != nil {
		image = c.spec.Image
	}
	ev := d.lastEvent(c.status.Name, func(m string) bool { return strings.HasPrefix(m, "Failed to pull image") }, "Failed")
	msg := w.Message
	if ev != nil {
		msg = ev.Message
		if m := quotedImage.FindStringSubmatch(ev.Message); m != nil {
			image = m[1]
		}
	}
	variant := "other"
	low := strings.ToLower(msg)
	switch {
	case w.Reason == "InvalidImageName":
		variant = "invalid"
	case w.Reason == "ErrImageNeverPull":
		variant = "never-pull"
	case containsAny(low, "no such host", "i/o timeout", "connection refused", "network is unreachable", "tls handshake timeout",
		"server misbehaving", "no route to host", "connection reset", "dial tcp"):
		variant = "unreachable"
	case containsAny(low, "pull access denied", "unauthorized", "authorization failed", "403 forbidden", "401"):
		variant = "denied"
	case containsAny(low, "not found", "manifest unknown", "notfound"):
		variant = "not-found"
	}
	d.set(ImagePull, variant)
	f := &d.facts
	f.Image = image
	f.Repo, f.Tag = splitImage(image)
	f.Message = sentence(pullError(msg, image), 300)
	d.addEvent(ev)
	d.addField(f.statusField(c.status.Name, "state.waiting.reason"), w.Reason)
}

// pullError keeps the registry's own words: what follows the image name.
func pullError(msg, image string) string {
	if _, rest, ok := strings.Cut(msg, fmt.Sprintf("%q: ", image)); ok {
		msg = rest
	}
	return strings.TrimSpace(msg)
}

// splitImage splits an image reference into repository and tag (or digest).
func splitImage(image string) (repo, tag string) {
	if r, digest, ok := strings.Cut(image, "@"); ok {
		return r, digest
	}
	slash := strings.LastIndex(image, "/")
	if colon := strings.LastIndex(image, ":"); colon > slash {
		return image[:colon], image[colon+1:]
	}
	return image, "latest"
}
