/**
 * Server observability: the {@link dev.s2reactive.server.internal.metrics.ServerMetrics} facade
 * that the engine, storage and HTTP layers report to, its Micrometer/Prometheus implementation
 * {@link dev.s2reactive.server.internal.metrics.PrometheusServerMetrics}, and the {@code GET
 * /metrics} route ({@link dev.s2reactive.server.internal.metrics.MetricsRoute}).
 *
 * <p>Hot paths call the facade with plain numbers: every meter they touch is registered up front
 * (or once, lazily, per bounded tag value), so recording is a few atomic adds, never a registry
 * look-up. Tags are bounded: route templates (not paths), status classes, error codes, read mode
 * and source; basin/stream labels only for the first {@code maxStreamSeries} streams (the rest
 * share {@code _other}); nothing per record.
 */
package dev.s2reactive.server.internal.metrics;
