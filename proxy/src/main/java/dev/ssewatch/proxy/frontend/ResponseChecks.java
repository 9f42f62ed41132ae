package dev.ssewatch.proxy.frontend;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What the proxy refuses in a backend's status line, before anything of the response reaches the
 * client. Netty's decoder takes any integer as the code and any bytes as the reason; relayed as
 * they are, a client's parser may read a different response than the proxy did.
 */
final class ResponseChecks {

  private ResponseChecks() {}

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
