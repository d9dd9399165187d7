package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// script is what a student who types kubectl does for one lesson: the
// commands the lesson shows, in order, and the manifests they name.
type script struct {
	lesson    string
	commands  []string
	manifests map[string]string // file name → YAML
	created   []string          // `kubectl run NAME` Pods that outlive the script
}

var (
	lessonNS    = regexp.MustCompile(` -n kpod\b`)
	ipHole      = regexp.MustCompile(`'([^']*)<([a-z0-9-]+)-ip>([^']*)'`)
	anyHole     = regexp.MustCompile(`<[a-z0-9-]+>`)
	runName     = regexp.MustCompile(`^kubectl run ([a-z0-9-]+) `)
	waitCommand = regexp.MustCompile(`^kubectl wait `)
)

// lessonScript reads a lesson's shown commands from its dry run and makes
// them runnable as a student's own: the student's kubeconfig names their
// namespace, a waited-for restart may take longer than kubectl wait's 30 s,
// and a Pod's IP the lesson reads is read with kubectl.
func lessonScript(ctx context.Context, c config, lesson string) (script, error) {
	r := measure(ctx, nil, c.kpod, lesson, "--dry-run", "-o", "json", "--lang", "en")
	if r.err != nil {
		return script{}, fmt.Errorf("kpod %s --dry-run: %v: %s", lesson, r.err, lastLine(r.stderr))
	}
	s := script{lesson: lesson, manifests: map[string]string{}}
	type shown struct {
		Type    string `json:"type"`
		Command string `json:"command"`
		File    string `json:"file"`
		YAML    string `json:"yaml"`
	}
	var bad error
	_ = eachRecord(bytes.NewReader(r.stdout), func(rec shown) bool {
		switch rec.Type {
		case "manifest":
			s.manifests[rec.File] = rec.YAML
		case "command":
			cmd, err := studentCommand(rec.Command)
			if err != nil {
				bad = fmt.Errorf("kpod %s: %v", lesson, err)
				return false
			}
			if m := runName.FindStringSubmatch(cmd); m != nil && !strings.Contains(cmd, " --rm ") {
				s.created = append(s.created, m[1])
			}
			s.commands = append(s.commands, cmd)
		}
		return true
	})
	if bad != nil {
		return script{}, bad
	}
	if len(s.commands) == 0 {
		return script{}, fmt.Errorf("kpod %s --dry-run showed no commands", lesson)
	}
	return s, nil
}

// studentCommand is a shown command as a student of the class types it.
func studentCommand(shown string) (string, error) {
	cmd := lessonNS.ReplaceAllString(shown, "")
	cmd = ipHole.ReplaceAllString(cmd, `'$1'"$$(kubectl get pod $2 -o jsonpath='{.status.podIP}')"'$3'`)
	if h := anyHole.FindString(cmd); h != "" {
		return "", fmt.Errorf("a shown command has a placeholder the bench cannot fill: %s", h)
	}
	if waitCommand.MatchString(cmd) {
		cmd += " --timeout=5m"
	}
	return cmd, nil
}

// runScript types one lesson's commands as the student with kubeconfig kc,
// then removes what they made, as kpod's lesson does at its end. A failed
// `kubectl wait` fails the script; other commands may fail on purpose (the
// probe lesson shows a check that fails).
func runScript(ctx context.Context, c config, kc string, s script) (wall, cpu float64, err error) {
	dir, err := os.MkdirTemp("", "kpod-bench-student")
	if err != nil {
		return 0, 0, err
	}
	defer os.RemoveAll(dir)
	for f, y := range s.manifests {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(y), 0o644); err != nil {
			return 0, 0, err
		}
	}
	kubectlDir := filepath.Dir(c.kubectl)
	env := append(os.Environ(), "KUBECONFIG="+kc, "PATH="+kubectlDir+":"+os.Getenv("PATH"))
	sh := func(cmd string) result {
		r := measureIn(ctx, env, dir, "sh", "-c", cmd)
		cpu += r.cpu
		return r
	}
	t0 := time.Now()
	for _, cmd := range s.commands {
		r := sh(cmd)
		if r.err != nil && waitCommand.MatchString(cmd) {
			return 0, 0, fmt.Errorf("%s: %v: %s", cmd, r.err, lastLine(r.stderr))
		}
	}
	for f := range s.manifests {
		sh("kubectl delete -f " + f + " --now --ignore-not-found")
	}
	if len(s.created) > 0 {
		sh("kubectl delete pod " + strings.Join(s.created, " ") + " --now --ignore-not-found")
	}
	return time.Since(t0).Seconds(), cpu, nil
}

// runKubectlStudent runs every class lesson's script as one student.
func runKubectlStudent(ctx context.Context, c config, kc string, scripts []script) student {
	s := student{name: strings.TrimSuffix(filepath.Base(kc), filepath.Ext(kc)), times: map[string]float64{}}
	for _, sc := range scripts {
		lctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
		wall, cpu, err := runScript(lctx, c, kc, sc)
		cancel()
		if err != nil {
			s.failure = fmt.Sprintf("kubectl student, %s: %v", sc.lesson, err)
			return s
		}
		s.times[sc.lesson] = wall
		s.cpu += cpu
	}
	return s
}
