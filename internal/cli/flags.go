package cli

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/kpod-dev/kpod/internal/text"
)

// koUsage is the annotation that holds a flag's Korean usage, beside its
// English one in Usage; addFlag sets both, the help reads it under
// --lang ko.
const koUsage = "kpod.dev/usage-ko"

// flagValue is what a kpod flag holds (a type added here needs its case
// in addFlagUsage).
type flagValue interface {
	bool | string | int | float64 | time.Duration
}

// addFlag declares --name (and -short, unless it is "") on fs, bound to p
// and defaulting to what p holds, with its usage: key's text in
// help/en.md, and in help/ko.md for --lang ko.
func addFlag[T flagValue](fs *pflag.FlagSet, p *T, name, short, key string) {
	en, ko := flagUsage(key, helpFacts)
	addFlagUsage(fs, p, name, short, en, ko)
}

// addFlagUsage declares a flag as addFlag does, with its usage given in
// English and Korean.
func addFlagUsage[T flagValue](fs *pflag.FlagSet, p *T, name, short, en, ko string) {
	switch p := any(p).(type) {
	case *bool:
		fs.BoolVarP(p, name, short, *p, en)
	case *string:
		fs.StringVarP(p, name, short, *p, en)
	case *int:
		fs.IntVarP(p, name, short, *p, en)
	case *float64:
		fs.Float64VarP(p, name, short, *p, en)
	case *time.Duration:
		fs.DurationVarP(p, name, short, *p, en)
	}
	_ = fs.SetAnnotation(name, koUsage, []string{ko})
}

// cobraFlag gives --name, a flag cobra made on fs (--help, --version,
// --no-descriptions), its usage as addFlag would.
func cobraFlag(fs *pflag.FlagSet, name, key string, facts text.Facts) {
	en, ko := flagUsage(key, facts)
	fs.Lookup(name).Usage = en
	_ = fs.SetAnnotation(name, koUsage, []string{ko})
}

// flagUsage is key's text in help/en.md and help/ko.md, filled with facts;
// "" where a file lacks it.
func flagUsage(key string, facts text.Facts) (en, ko string) {
	e, _ := helpText("en", key, facts)
	k, _ := helpText("ko", key, facts)
	return e.Title, k.Title
}
