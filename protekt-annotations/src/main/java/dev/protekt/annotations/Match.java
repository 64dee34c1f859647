package dev.protekt.annotations;

/** How the values of one {@link RequiresRole} or {@link RequiresPermission} are combined. */
public enum Match {
  /** The caller needs at least one of the values. The default. */
  ANY,
  /** The caller needs every one of the values. */
  ALL
}
