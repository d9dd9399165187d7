package text

import "embed"

//go:embed en.md ko.md
var files embed.FS

// words are text's own: the error Lang returns.
var words = MustLoad(files)
