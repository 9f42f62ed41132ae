package dev.ssewatch.exporters.otel;

import java.net.URI;

/** Endpoints as log lines may name them: never with credentials. */
public final class EndpointNames {

  private EndpointNames() {}

  /**
   * Scheme, host, port and path of {@code endpoint}: user info, query and fragment (where a token
   * may hide) left out. "(as configured)" for a value that is not an absolute URL.
   */
  public static String forLogs(String endpoint) {
    try {
      URI u = URI.create(endpoint);
      if (u.getHost() == null || u.getScheme() == null) {
        return "(as configured)";
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      return u.getScheme()
          + "://"
          + u.getHost()
          + (u.getPort() < 0 ? "" : ":" + u.getPort())
          + path;
    } catch (IllegalArgumentException e) {
      return "(as configured)";
    }
  }
}
