package dev.protekt.spring.secured;

import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresRole;
import dev.protekt.annotations.TokenFromContext;
import java.util.Map;

/** Handlers checked by a generated guard behind Spring Security's resource server. */
@RequiresAuth
@TokenFromContext
public interface ReportsApi {
  @RequiresRole("auditor")
  Map<String, Object> report();
}
