package dev.ssewatch.core.genai;

import java.util.ArrayList;
import java.util.List;

/**
 * The finish and stop reasons the APIs document, as bits: a reason outside this list is reported as
 * {@code other}, never as its text, so nothing a server writes there reaches a record.
 */
final class FinishReason {

  /** Not a reason (a Responses API status before the end): ignored. */
  static final int IGNORED = -1;

  static final int ERROR = 0;
  private static final String OTHER = "other";

  // Index = bit. OpenAI chat and completions, Anthropic, Responses API statuses and reasons.
  private static final String[] NAMES = {
    "error",
    "stop",
    "length",
    "tool_calls",
    "content_filter",
    "function_call",
    "end_turn",
    "max_tokens",
    "stop_sequence",
    "tool_use",
    "pause_turn",
    "refusal",
    "completed",
    "incomplete",
    "failed",
    "cancelled",
    "max_output_tokens",
    "model_context_window_exceeded",
  };

  static final int OTHER_BIT = NAMES.length;

  private static final byte[][] BYTES = new byte[NAMES.length][];

  private static final byte[][] NOT_REASONS = {
    EventTypes.ascii("in_progress"), EventTypes.ascii("queued"),
  };

  static {
    for (int i = 0; i < NAMES.length; i++) {
      BYTES[i] = EventTypes.ascii(NAMES[i]);
    }
  }

  private FinishReason() {}

  /** The bit of the captured value ({@code n} of {@code len} bytes kept), or {@link #IGNORED}. */
  static int of(byte[] b, int n, int len) {
    for (int i = 0; i < BYTES.length; i++) {
      if (EventTypes.equal(BYTES[i], b, n, len)) {
        return i;
      }
    }
    for (byte[] s : NOT_REASONS) {
      if (EventTypes.equal(s, b, n, len)) {
        return IGNORED;
      }
    }
    return OTHER_BIT;
  }

  /** The names of the bits set in {@code mask}, in a fixed order. */
  static List<String> names(int mask) {
    List<String> out = new ArrayList<>(Integer.bitCount(mask));
    for (int i = 0; i < NAMES.length; i++) {
      if ((mask & (1 << i)) != 0) {
        out.add(NAMES[i]);
      }
    }
    if ((mask & (1 << OTHER_BIT)) != 0) {
      out.add(OTHER);
    }
    return List.copyOf(out);
  }
}
