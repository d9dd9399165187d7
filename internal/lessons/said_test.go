package lessons

import "testing"

// A short text that is also part of a longer one said in the same output
// keeps its own place (probe's "old container stopped" line and its
// "The old container stopped 2s after Killing" sentence); a text filled
// into another is left to the outer one.
func TestSaidPiecesShortInsideLong(t *testing.T) {
	var o inOutput
	o.add(Line{"old container stopped", Said{Key: "compare.finished"}})
	o.add(Line{"The old container stopped 2s after Killing", Said{Key: "compare.sigkill"}})
	o.add(Line{"web", Said{Key: "name"}})
	o.add(Line{"pod web is Ready", Said{Key: "ready"}})
	out := "12:00:01  +2s  old container stopped\n\nThe old container stopped 2s after Killing\npod web is Ready\n"
	var keys []string
	for _, p := range o.take(out) {
		keys = append(keys, p.Key)
	}
	want := []string{"compare.finished", "compare.sigkill", "ready"}
	if len(keys) != len(want) || keys[0] != want[0] || keys[1] != want[1] || keys[2] != want[2] {
		t.Errorf("pieces: %v, want %v", keys, want)
	}
}

// kpod's table header word that kubectl's quoted table before it has too
// is placed in kpod's header, not in kubectl's, nor inside a longer word
// (NAME in POD_NAME).
func TestSaidPiecesHeaderAfterQuotedTable(t *testing.T) {
	var o inOutput
	o.add(Line{"NAME", Said{Key: "table.name"}})
	o.add(Line{"IN THE CONTAINER", Said{Key: "table.container"}})
	quoted := "NAME      READY   STATUS\nweb-env   1/1     Running\n\n"
	out := quoted + "NAME       IN THE CONTAINER\nPOD_NAME   web-env\n"
	ps := o.take(out)
	fs := placePieces(out, ps)
	if len(fs) != 2 || fs[0].p.Key != "table.name" || fs[0].at != len(quoted) {
		t.Fatalf("pieces = %+v, want table.name at %d", fs, len(quoted))
	}
}
