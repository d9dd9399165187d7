package b

var said = "b.line"
