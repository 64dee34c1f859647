/**
 * HTTP answers to the SDK's failures, following RFC 6750, for any web stack: {@link
 * dev.protekt.http.AuthErrorResponse}. The Servlet and Spring Boot adapters and the example service
 * all answer through it, so a client sees the same statuses, challenges and JSON bodies from each.
 */
package dev.protekt.http;
