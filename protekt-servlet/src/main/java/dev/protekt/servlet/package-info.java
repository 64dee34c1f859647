/**
 * Protekt for Jakarta Servlet containers (Tomcat, Jetty, Undertow): {@link
 * dev.protekt.servlet.ProtektFilter} hands each request's bearer token to generated guards and
 * answers their failures as RFC 6750 prescribes.
 */
package dev.protekt.servlet;
