package dev.ssewatch.core.genai;

import java.nio.charset.StandardCharsets;

/** The event {@code type} and JSON-RPC {@code method} values the scanner compares against. */
final class EventTypes {

  // The terminal events: Responses API, Anthropic Messages, and the error event of both.
  private static final byte[][] TERMINAL = {
    ascii("response.completed"),
    ascii("response.incomplete"),
    ascii("response.failed"),
    ascii("message_stop"),
    ascii("error"),
  };

  private static final byte[] PROGRESS = ascii("notifications/progress");

  private EventTypes() {}

  /** Whether the captured type ({@code n} of {@code len} bytes kept) ends a stream. */
  static boolean isTerminal(byte[] b, int n, int len) {
    for (byte[] t : TERMINAL) {
      if (equal(t, b, n, len)) {
        return true;
      }
    }
    return false;
  }

  static boolean isProgressNotification(byte[] b, int n, int len) {
    return equal(PROGRESS, b, n, len);
  }

  static boolean equal(byte[] expected, byte[] b, int n, int len) {
    if (len != expected.length || n != len) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (b[i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
