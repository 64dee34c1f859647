package dev.protekt.internal.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Which hosts the SDK may talk to in plain {@code http}. */
public final class Hosts {
  private Hosts() {}

  /**
   * Whether {@code host} is {@code localhost} or a literal loopback address (127.0.0.0/8, ::1).
   * Names other than {@code localhost} are never resolved: the answer must not depend on DNS.
   */
  public static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+") && !host.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
