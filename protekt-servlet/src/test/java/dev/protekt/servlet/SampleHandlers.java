package dev.protekt.servlet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.protekt.CurrentUser;
import dev.protekt.ProtektUser;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The application code behind the guards: it reads the verified caller from {@link CurrentUser}. */
final class SampleHandlers implements RequestHandlers, ContextHandlers {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String health(HttpServletRequest request) {
    return json(Map.of("status", "ok"));
  }

  @Override
  public String profile(HttpServletRequest request) {
    return profile();
  }

  @Override
  public String profile() {
    ProtektUser user = CurrentUser.get();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sub", user.subject());
    body.put("roles", user.roles());
    body.put("permissions", user.permissions());
    return json(body);
  }

  @Override
  public String admin(HttpServletRequest request) {
    return admin();
  }

  @Override
  public String admin() {
    return json(Map.of("admin", CurrentUser.get().subject()));
  }

  @Override
  public String write() {
    return json(Map.of("written", CurrentUser.get().subject()));
  }

  @Override
  public String posts(HttpServletRequest request) {
    return json(Map.of("posts", new String[] {"hello"}));
  }

  @Override
  public String broken(HttpServletRequest request) throws ServletException {
    throw new ServletException("a bug in the handler");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
