/**
 * Reliability harnesses that run {@code s2r lite} as a separate process ({@link
 * dev.s2reactive.reliability.LiteProcess}) and check what clients observed:
 *
 * <ul>
 *   <li>{@link dev.s2reactive.reliability.CrashRecoveryRun}: sustained appends and live followers
 *       while the server is killed with SIGKILL and restarted; every acknowledged record must
 *       survive at its seq_num, without gaps or duplicates;
 *   <li>{@link dev.s2reactive.reliability.ConsistencyRun} and {@link
 *       dev.s2reactive.reliability.ConsistencyChecker}: a recorded history of concurrent appends,
 *       reads and tail checks must be explained by one total order (the final stream), compared
 *       through a cumulative {@link dev.s2reactive.reliability.ChainHash}.
 * </ul>
 *
 * <p>Faults are pluggable ({@link dev.s2reactive.reliability.FaultInjector}): {@link
 * dev.s2reactive.reliability.CrashFaults} kills and restarts the server; a network-fault proxy
 * plugs in by returning its own address from {@code clientEndpoint} and cutting, stalling or
 * delaying connections in {@code inject}. Run lengths come from system properties set by the
 * module's pom ({@code -Preliability} for long runs).
 */
package dev.s2reactive.reliability;
