package env

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/util/jsonpath"
)

// parseEnv reads `env` output into a map.
func parseEnv(out string) map[string]string {
	vars := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && k != "" {
			vars[k] = v
		}
	}
	return vars
}

// serviceLink matches the variables the kubelet adds for each Service
// (KUBERNETES_SERVICE_HOST, MYSVC_PORT_80_TCP_ADDR ...).
var serviceLink = regexp.MustCompile(`^[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT_[0-9]+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?)$`)

// serviceAddr is the value of a Service's NAME_PORT variable (tcp://IP:PORT).
var serviceAddr = regexp.MustCompile(`^(tcp|udp|sctp)://`)

// origin is the text key of who set a variable of a container without
// Pod-level env: src.kubernetes (the API server's and other Services'
// variables), src.runtime (the container runtime), or else src.image.
func origin(name, value string) string {
	switch {
	case strings.HasPrefix(name, "KUBERNETES_") || serviceLink.MatchString(name):
		return "src.kubernetes"
	case strings.HasSuffix(name, "_PORT") && serviceAddr.MatchString(value):
		return "src.kubernetes"
	case name == "HOSTNAME" || name == "HOME":
		return "src.runtime"
	}
	return "src.image"
}

// downwardVar is one Downward API variable of a container: its name, the
// field (or resource / divisor) it comes from, and that field's value on
// the Pod.
type downwardVar struct{ Name, From, Value string }

// downwardVars lists the Downward API variables of c, a container of p.
func downwardVars(p *corev1.Pod, c corev1.Container) ([]downwardVar, error) {
	var out []downwardVar
	for _, e := range c.Env {
		if e.ValueFrom == nil {
			continue
		}
		switch {
		case e.ValueFrom.FieldRef != nil:
			from := e.ValueFrom.FieldRef.FieldPath
			v, err := jsonPath(p, "{."+from+"}")
			if err != nil {
				return nil, err
			}
			out = append(out, downwardVar{e.Name, from, v})
		case e.ValueFrom.ResourceFieldRef != nil:
			ref := e.ValueFrom.ResourceFieldRef
			list := c.Resources.Limits
			name, isLimit := strings.CutPrefix(ref.Resource, "limits.")
			if !isLimit {
				name, _ = strings.CutPrefix(ref.Resource, "requests.")
				list = c.Resources.Requests
			}
			q := list[corev1.ResourceName(name)]
			out = append(out, downwardVar{e.Name, ref.Resource + " / " + ref.Divisor.String(), q.String()})
		}
	}
	return out, nil
}

// jsonPath evaluates a kubectl-style JSONPath template on an object.
func jsonPath(obj any, path string) (string, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return "", err
	}
	var data any
	if err := json.Unmarshal(b, &data); err != nil {
		return "", err
	}
	jp := jsonpath.New("kpod")
	if err := jp.Parse(path); err != nil {
		return "", fmt.Errorf("jsonpath %s: %w", path, err)
	}
	var out bytes.Buffer
	if err := jp.Execute(&out, data); err != nil {
		return "", fmt.Errorf("jsonpath %s: %w", path, err)
	}
	return out.String(), nil
}
