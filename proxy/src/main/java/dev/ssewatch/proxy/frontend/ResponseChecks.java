package dev.ssewatch.proxy.frontend;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What the proxy refuses in a backend's response head, before anything of the response reaches the
 * client. Netty's decoder takes any integer as the code and any bytes as the reason; relayed as
 * they are, a client's parser may read a different response than the proxy did.
 */
final class ResponseChecks {

  private ResponseChecks() {}

  /** Why a backend's response head is refused; the client gets a 502 with the message. */
  enum Refusal {
    MALFORMED("malformed response from backend", true),
    STATUS_LINE("malformed status line from backend", true),
    /** A working backend's answer that the proxy does not relay: not counted as its failure. */
    UPGRADE("protocol upgrades are not proxied", false);

    final String message;

    /** Whether it counts as a failure of the backend. */
    final boolean backendFault;

    Refusal(String message, boolean backendFault) {
      this.message = message;
      this.backendFault = backendFault;
    }
  }

  /** Why {@code resp} cannot be relayed, or {@code null} when it can. */
  static Refusal refusal(HttpResponse resp) {
    if (resp.decoderResult().isFailure()) {
      return Refusal.MALFORMED;
    }
    if (!validStatus(resp.status())) {
      return Refusal.STATUS_LINE;
    }
    // 101: the proxy relays HTTP messages only, never the protocol a connection switches to.
    return resp.status().code() == 101 ? Refusal.UPGRADE : null;
  }

  /**
   * Whether the status line is one RFC 9112 §4 allows: a three-digit code (100 to 999), and a
   * reason phrase of tabs, spaces and visible characters (obs-text included), no other control.
   */
  static boolean validStatus(HttpResponseStatus status) {
    int code = status.code();
    if (code < 100 || code > 999) {
      // One reason to refuse: a client reading "2" or "1000" finds the end of a different response.
      return false;
    }
    String reason = status.reasonPhrase();
    for (int i = 0; i < reason.length(); i++) {
      char c = reason.charAt(i);
      if (c != '\t' && (c < 0x20 || c == 0x7F)) {
        // NUL, DEL and other controls: terminals and parsers treat them each their own way.
        return false;
      }
    }
    return true;
  }
}
