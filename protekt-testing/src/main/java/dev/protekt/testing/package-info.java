/** A local Protekt tenant for development and tests. */
package dev.protekt.testing;
