package dev.ssewatch.proxy.sse;

import dev.ssewatch.core.http.Header;
import java.util.List;

/** Starts a {@link StreamTap} per exchange. */
@FunctionalInterface
public interface StreamTaps {

  StreamTap begin(
      String method, String url, String route, List<Header> requestHeaders, long startNanos);

  /** Taps that record nothing. */
  StreamTaps NONE = (method, url, route, headers, start) -> StreamTap.NONE;
}
