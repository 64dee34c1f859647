/**
 * Metrics of a {@link dev.protekt.ProtektAuth}: the {@link dev.protekt.metrics.ProtektMetrics}
 * events it reports, and {@link dev.protekt.metrics.MicrometerMetrics}, which makes Micrometer
 * meters of them. Micrometer is an optional dependency: only {@code MicrometerMetrics} refers to
 * it, and that class is loaded only when an application calls it.
 */
package dev.protekt.metrics;
