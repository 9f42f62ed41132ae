package dev.ssewatch.core.genai;

/**
 * The JSON keys the scanner knows, as small ints; every other key is {@link #OTHER}. Looked up by
 * their bytes in an open-addressing table, without decoding or allocating.
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
  private static final byte[][] TABLE_NAMES = new byte[TABLE][];
  private static final int[] TABLE_KEYS = new int[TABLE];

  static {
    for (int k = 2; k < NAMES.length; k++) {
      byte[] name = NAMES[k].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      int slot = mix(rawHash(name, name.length)) & (TABLE - 1);
      while (TABLE_NAMES[slot] != null) {
        slot = (slot + 1) & (TABLE - 1);
      }
      TABLE_NAMES[slot] = name;
      TABLE_KEYS[slot] = k;
    }
  }

  private Keys() {}

  /** The key spelled by {@code b[0, len)}, or {@link #OTHER}. */
  static int of(byte[] b, int len) {
    return of(b, len, rawHash(b, len));
  }

  /** As {@link #of(byte[], int)}, given {@link #rawHash} of the bytes, computed as they passed. */
  static int of(byte[] b, int len, int rawHash) {
    int slot = mix(rawHash) & (TABLE - 1);
    for (byte[] name; (name = TABLE_NAMES[slot]) != null; slot = (slot + 1) & (TABLE - 1)) {
      if (name.length == len && same(name, b, len)) {
        return TABLE_KEYS[slot];
      }
    }
    return OTHER;
  }

  /** The name of key {@code k}, for tests. */
  static String name(int k) {
    return NAMES[k];
  }

  static int count() {
    return NAMES.length;
  }

  /** {@code h = h * 31 + byte} over the bytes from 0: what the scanner computes as keys pass. */
  static int rawHash(byte[] b, int len) {
    int h = 0;
    for (int i = 0; i < len; i++) {
      h = h * 31 + b[i];
    }
    return h;
  }

  private static int mix(int h) {
    return h ^ (h >>> 7) ^ (h >>> 14);
  }

  private static boolean same(byte[] a, byte[] b, int len) {
    for (int i = 0; i < len; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }
}
