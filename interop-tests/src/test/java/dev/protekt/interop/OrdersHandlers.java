package dev.protekt.interop;

import dev.protekt.CurrentUser;
import dev.protekt.annotations.BearerToken;
import dev.protekt.annotations.RequiresAuth;
import dev.protekt.annotations.RequiresPermission;
import dev.protekt.annotations.RequiresRole;

/** Who may call an orders API: the processor generates {@code OrdersHandlersGuard} from it. */
@RequiresAuth
interface OrdersHandlers {
  @RequiresPermission("orders:read")
  String list(@BearerToken String authorization);

  @RequiresRole("orders-admin")
  @RequiresPermission("orders:write")
  String cancelAll(@BearerToken String authorization);

  /** The handlers themselves, behind the guard: they answer with the caller's subject. */
  final class Service implements OrdersHandlers {
    @Override
    public String list(String authorization) {
      return CurrentUser.get().subject();
    }

    @Override
    public String cancelAll(String authorization) {
      return CurrentUser.get().subject();
    }
  }
}
