package dev.protekt.servlet;

import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;
import dev.protekt.annotations.TokenFromContext;

/** Guarded handlers with no request parameter: the filter's token context supplies the token. */
@RequiresAuth
@TokenFromContext
public interface ContextHandlers {
  String profile();

  @RequiresRole("admin")
  String admin();

  /** A permission whose name is not ASCII, and not all Latin-1 either. */
  @RequiresPermission("\u00e9crire:\u8a18\u4e8b")
  String write();
}
