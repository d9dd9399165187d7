package c

// C has no words of its own.
var said = "a.line"
