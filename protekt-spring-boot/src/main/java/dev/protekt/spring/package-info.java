/**
 * Protekt for Spring Boot: {@link dev.protekt.spring.ProtektAutoConfiguration} builds {@link
 * dev.protekt.ProtektAuth} from {@code protekt.*} properties, registers the Servlet filter, and
 * answers the SDK's failures as RFC 6750 prescribes. See the README's "Framework adapters" section
 * for guarding a {@code @RestController} with a generated guard.
 */
package dev.protekt.spring;
