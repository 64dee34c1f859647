package dev.protekt.testing.internal;

/** The tenant's users, in memory. */
public final class UserStore {
}
