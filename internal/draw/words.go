package draw

import (
	"embed"

	"github.com/kpod-dev/kpod/internal/text"
)

// The words of a drawing, in en.md and ko.md ("drawing." keys). Names,
// images, reasons and kubectl's columns stay as the API writes them.
//
//go:embed en.md ko.md
var files embed.FS

var words = text.MustLoad(files)

// word is the drawing's word for key in the drawer's language.
func (d *drawer) word(key string, facts text.Facts) string {
	return text.Scene{Lang: d.o.Lang}.Say(words, key, facts)
}
