package dev.protekt.servlet;

import dev.protekt.annotations.Public;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

/** Guarded handlers that take the token from the servlet request they are given. */
@RequiresAuth
public interface RequestHandlers {
  @Public
  String health(HttpServletRequest request);

  String profile(HttpServletRequest request);

  @RequiresRole("admin")
  String admin(HttpServletRequest request);

  @RequiresPermission("read:posts")
  String posts(HttpServletRequest request);

  /** Fails in a way the filter must not answer: the container's own error handling takes over. */
  @Public
  String broken(HttpServletRequest request) throws ServletException;
}
