// Package torture holds kpod's torture tests (build tag e2e), run on the
// real test cluster: lessons side by side, objects kpod did not make, a
// student with rights in one namespace only, and interrupts at every step.
// `make e2e` runs a fixed sample; `make torture` (KPOD_TORTURE=all) all of it.
package torture
