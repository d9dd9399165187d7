package text

// Own are text's own words, for the key test in package text_test.
var Own = words
