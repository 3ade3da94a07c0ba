/**
 * JUnit 5 support for testing against an in-process S2-compatible server ({@link
 * dev.s2reactive.testkit.S2ServerExtension}), and a loopback TCP proxy that injects seeded network
 * faults between a client and that server ({@link dev.s2reactive.testkit.ChaosProxy}).
 */
package dev.s2reactive.testkit;
