/**
 * The local tenant's internals: keys, HTTP handlers, the user store. Not an API; it changes without
 * notice. Use {@link dev.protekt.testing.LocalTenant} instead.
 */
package dev.protekt.testing.internal;
