package diagnose

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"
)

// The Korean texts follow the lessons' glossary (../lessons/glossary.tsv):
// no variant it lists, and no particle right after a placeholder.
func TestKoreanGlossary(t *testing.T) {
	ko, err := os.ReadFile("ko.md")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../lessons/glossary.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(cols[0], "#") || len(cols) < 3 || cols[2] == "" {
			continue
		}
		for _, bad := range strings.Split(cols[2], ",") {
			if strings.Contains(string(ko), bad) {
				t.Errorf("ko.md: %q: kpod writes %q for %q", bad, cols[1], cols[0])
			}
		}
	}
	particle := regexp.MustCompile(`\}\}(이|가|을|를|은|는|와|과|로|으로)([\s.,)]|$)`)
	for _, m := range particle.FindAllString(string(ko), -1) {
		t.Errorf("ko.md: a particle right after a placeholder: %q", m)
	}
}
