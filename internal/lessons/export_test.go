package lessons

// LeaseName is leaseName, for the run lock's tests in package lessons_test.
var LeaseName = leaseName
