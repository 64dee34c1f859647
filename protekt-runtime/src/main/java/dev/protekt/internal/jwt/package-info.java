/**
 * Not API: the SDK's internals, public only because Java needs them to be across packages. They
 * change without notice; use {@code dev.protekt}, {@code dev.protekt.users}, {@code
 * dev.protekt.guard} and {@code dev.protekt.http} instead. See {@code docs/architecture.md}.
 */
package dev.protekt.internal.jwt;
