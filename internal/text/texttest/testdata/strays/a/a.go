package a

var said = []string{
	"a.line", "a.other", "not.a.key", "plain",
	"b.line",
}
