/**
 * What a running {@link dev.protekt.ProtektAuth} can reach: {@link dev.protekt.health.ProtektHealth}
 * from {@link dev.protekt.ProtektAuth#health()} and {@link dev.protekt.health.WarmUp} from {@link
 * dev.protekt.ProtektAuth#warmUp()}. Immutable snapshots, safe to log and to show on a health
 * endpoint: they hold states, times, failure kinds and HTTP statuses, never a URL, a token, a
 * secret or the text of an answer.
 */
package dev.protekt.health;
