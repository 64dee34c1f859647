package dev.protekt.users;

/** The tenant's Users API. Placeholder until the Users API lands. */
public interface Users {}
