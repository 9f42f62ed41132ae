package dev.ssewatch.core.genai;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The JSON keys the scanner knows, as small ints; every other key is {@link #OTHER}. Looked up by
 * their bytes in an open-addressing table, without decoding or allocating: a name's first 8 bytes
 * and its length choose the slot and settle most comparisons in one step.
 */
final class Keys {

  static final int OTHER = 0;
  static final int ITEM = 1; // an array element, not a key
  static final int ID = 2;
  static final int MODEL = 3;
  static final int CHOICES = 4;
  static final int DELTA = 5;
  static final int CONTENT = 6;
  static final int TEXT = 7;
  static final int FINISH_REASON = 8;
  static final int TOOL_CALLS = 9;
  static final int FUNCTION = 10;
  static final int ARGUMENTS = 11;
  static final int NAME = 12;
  static final int USAGE = 13;
  static final int PROMPT_TOKENS = 14;
  static final int COMPLETION_TOKENS = 15;
  static final int TOTAL_TOKENS = 16;
  static final int INPUT_TOKENS = 17;
  static final int OUTPUT_TOKENS = 18;
  static final int PROMPT_TOKENS_DETAILS = 19;
  static final int COMPLETION_TOKENS_DETAILS = 20;
  static final int INPUT_TOKENS_DETAILS = 21;
  static final int OUTPUT_TOKENS_DETAILS = 22;
  static final int CACHED_TOKENS = 23;
  static final int REASONING_TOKENS = 24;
  static final int CACHE_READ_INPUT_TOKENS = 25;
  static final int TYPE = 26;
  static final int RESPONSE = 27;
  static final int MESSAGE = 28;
  static final int STOP_REASON = 29;
  static final int STATUS = 30;
  static final int PARTIAL_JSON = 31;
  static final int THINKING = 32;
  static final int REASONING_CONTENT = 33;
  static final int REFUSAL = 34;
  static final int RESULT = 35;
  static final int ERROR = 36;
  static final int METHOD = 37;
  static final int CONTENT_FILTER_RESULTS = 38;
  static final int PROMPT_FILTER_RESULTS = 39;
  static final int INCOMPLETE_DETAILS = 40;
  static final int REASON = 41;

  // Indexed by key number; ITEM and OTHER have no name.
  private static final String[] NAMES = {
    null,
    null,
    "id",
    "model",
    "choices",
    "delta",
    "content",
    "text",
    "finish_reason",
    "tool_calls",
    "function",
    "arguments",
    "name",
    "usage",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "input_tokens",
    "output_tokens",
    "prompt_tokens_details",
    "completion_tokens_details",
    "input_tokens_details",
    "output_tokens_details",
    "cached_tokens",
    "reasoning_tokens",
    "cache_read_input_tokens",
    "type",
    "response",
    "message",
    "stop_reason",
    "status",
    "partial_json",
    "thinking",
    "reasoning_content",
    "refusal",
    "result",
    "error",
    "method",
    "content_filter_results",
    "prompt_filter_results",
    "incomplete_details",
    "reason",
  };

  private static final int TABLE = 128; // a power of two, over twice the number of names
  private static final int LONGEST = 25; // cache_read_input_tokens and the *_details names
  private static final byte[][] TABLE_NAMES = new byte[TABLE][];
  private static final long[] TABLE_FIRST = new long[TABLE]; // a name's first 8 bytes, as read
  private static final int[] TABLE_KEYS = new int[TABLE];

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static {
    for (int k = 2; k < NAMES.length; k++) {
      byte[] name = NAMES[k].getBytes(StandardCharsets.US_ASCII);
      if (name.length < 2 || name.length > LONGEST) {
        throw new AssertionError(NAMES[k]);
      }
      long first = first(name, 0, name.length);
      int slot = slot(first, name.length);
      while (TABLE_NAMES[slot] != null) {
        slot = (slot + 1) & (TABLE - 1);
      }
      TABLE_NAMES[slot] = name;
      TABLE_FIRST[slot] = first;
      TABLE_KEYS[slot] = k;
    }
  }

  private Keys() {}

  /** The key spelled by {@code b[off, off + len)}, or {@link #OTHER}. */
  static int of(byte[] b, int off, int len) {
    if (len < 2 || len > LONGEST) {
      return OTHER;
    }
    long first = first(b, off, len);
    for (int slot = slot(first, len); ; slot = (slot + 1) & (TABLE - 1)) {
      byte[] name = TABLE_NAMES[slot];
      if (name == null) {
        return OTHER;
      }
      if (TABLE_FIRST[slot] == first && name.length == len && rest(name, b, off, len)) {
        return TABLE_KEYS[slot];
      }
    }
  }

  /** Up to the first 8 bytes of {@code b[off, off + len)}, little-endian, zeros beyond them. */
  private static long first(byte[] b, int off, int len) {
    if (b.length - off >= 8) {
      long w = (long) LONGS.get(b, off);
      return len >= 8 ? w : w & (-1L >>> (64 - 8 * len));
    }
    long w = 0;
    for (int i = Math.min(len, 8) - 1; i >= 0; i--) {
      w = (w << 8) | (b[off + i] & 0xFF);
    }
    return w;
  }

  /** Whether bytes 8 and on of a name equal those of {@code b[off, off + len)}. */
  private static boolean rest(byte[] name, byte[] b, int off, int len) {
    if (len <= 8) {
      return true;
    }
    // Whole words, the last one overlapping the one before it when the length is no multiple of 8.
    for (int k = 8; ; k += 8) {
      int at = Math.min(k, len - 8);
      if ((long) LONGS.get(name, at) != (long) LONGS.get(b, off + at)) {
        return false;
      }
      if (at == len - 8) {
        return true;
      }
    }
  }

  /** Where a name starts looking in the table: from its first 8 bytes and its length. */
  private static int slot(long first, int len) {
    return (int) (((first + len) * 0x9E37_79B9_7F4A_7C15L) >>> 57);
  }

  /** The name of key {@code k}, for tests. */
  static String name(int k) {
    return NAMES[k];
  }

  static int count() {
    return NAMES.length;
  }
}
