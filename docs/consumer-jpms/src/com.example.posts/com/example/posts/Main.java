package com.example.posts;

import dev.protekt.ProtektAuth;
import dev.protekt.ProtektException;
import dev.protekt.http.AuthErrorResponse;

/** Creates a post with each token given, or prints the HTTP status its refusal answers. */
public final class Main {
  private Main() {}

  /** {@code <domain> <audience> <token>...}. */
  public static void main(String[] args) {
    try (ProtektAuth protekt = ProtektAuth.builder().domain(args[0]).audience(args[1]).build()) {
      PostsHandlers handlers = new PostsHandlersGuard(new PostsService(), protekt);
      for (int i = 2; i < args.length; i++) {
        try {
          System.out.println(handlers.create("Bearer " + args[i], "Hello"));
        } catch (ProtektException e) {
          System.out.println(AuthErrorResponse.from(e, "posts").status());   // 401, 403, ...
        }
      }
    }
  }
}
