// Package layout holds the test of the module's package arrows: which
// internal package may import which (see README's Layout). It has no code.
package layout
