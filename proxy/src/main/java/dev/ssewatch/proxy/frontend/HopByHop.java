package dev.ssewatch.proxy.frontend;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/** Removes the hop-by-hop fields of RFC 9110 §7.6.1: they describe one connection, not the next. */
final class HopByHop {

  private static final CharSequence[] ALWAYS = {
    HttpHeaderNames.CONNECTION,
    "Proxy-Connection",
    HttpHeaderNames.KEEP_ALIVE,
    HttpHeaderNames.TE,
    HttpHeaderNames.TRANSFER_ENCODING,
    HttpHeaderNames.UPGRADE
  };

  private HopByHop() {}

  /** Strips {@code headers} in place, including every field named in {@code Connection}. */
  static void strip(HttpHeaders headers) {
    // Runs twice per exchange: no list, iterator or split unless a Connection field names any.
    if (headers.contains(HttpHeaderNames.CONNECTION)) {
      List<String> named = new ArrayList<>();
      for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
        for (String token : value.split(",")) {
          String t = token.trim();
          if (!t.isEmpty()) {
            named.add(t);
          }
        }
      }
      for (int i = 0; i < named.size(); i++) {
        headers.remove(named.get(i));
      }
    }
    for (int i = 0; i < ALWAYS.length; i++) {
      headers.remove(ALWAYS[i]);
    }
  }
}
