/** JUnit 5 support for testing against an in-process S2-compatible server. */
package dev.s2reactive.testkit;
