// Package exampletest checks the stacks under examples/ that the provider
// docs do not cover: the local twin of the AWS ticketing stack and the
// shows-from-CSV example are applied with the real CLI at several
// instants and checked value by value; the AWS stack, which needs the AWS
// provider, is checked for the same wiring as its twin.
package exampletest
