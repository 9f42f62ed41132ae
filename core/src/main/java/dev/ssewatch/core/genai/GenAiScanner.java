package dev.ssewatch.core.genai;

import dev.ssewatch.core.sse.SseParser;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The allow-list extractor: a streaming JSON scanner over the data bytes of one LLM or MCP stream
 * that keeps only named scalars — model, response id, finish reasons, usage counts, whether an
 * event carried model output, the {@code [DONE]} sentinel, the JSON-RPC id and whether a result or
 * an error arrived. Text, deltas, tool arguments, tool input and output are never kept: a string at
 * an output path is only tested for being non-empty, every other string is skipped unless its path
 * is on the allow-list, where at most {@value #CAPTURE_LIMIT} bytes of it are kept.
 *
 * <p><b>Memory.</b> Fixed: a few small arrays made with the scanner, whatever the data size. Keys
 * are recognised by their bytes (at most {@value #KEY_LIMIT}; a longer key is an unknown one), the
 * key path is kept {@value #PATH_LIMIT} levels deep and nesting is followed to {@value
 * #DEPTH_LIMIT} levels (deeper makes the event unreadable). Dispatch allocates nothing.
 *
 * <p><b>Speed.</b> A key, string, number or literal that ends within the bytes lent is read
 * straight from them ({@link #tokens}): most events arrive whole. A token cut by the end of the
 * bytes, or a string with an escape in it, is read byte by byte by resumable states. The key path
 * is followed exactly rather than keys recognised by name alone, because some APIs carry keys that
 * are not theirs (token-keyed logprobs, echoed tool schemas and metadata, tool input objects).
 *
 * <p><b>Tolerance.</b> The scanner checks structure, not full JSON grammar: an event whose data is
 * not one JSON object or array (nor {@code [DONE]}) is counted as unreadable and skipped; the
 * stream goes on.
 *
 * <p>Not thread-safe: the recorder calls it under its lock.
 */
final class GenAiScanner implements SseParser.DataObserver {

  static final int KEY_LIMIT = 32;
  static final int PATH_LIMIT = 8;
  static final int DEPTH_LIMIT = 63;

  /** Bytes kept of an allow-listed string (model, ids, types, reasons). */
  static final int CAPTURE_LIMIT = 64;

  // Lexer states.
  private static final int S_START = 0; // no byte of the event's data yet
  private static final int S_VALUE = 1; // a value is expected
  private static final int S_KEY = 2; // in an object: a key or its end is expected
  private static final int S_COLON = 3; // after a key
  private static final int S_AFTER = 4; // after a value: a comma or a container's end
  private static final int S_STRING = 5; // inside a string
  private static final int S_BARE = 6; // inside a number or literal
  private static final int S_END = 7; // the top-level value is complete
  private static final int S_DONE = 8; // matching the [DONE] sentinel
  private static final int S_BAD = 9; // unreadable: the rest of the event is skipped
  private static final int S_SKIP = 10; // inside a container no allow-listed path goes through

  // What a string is read for.
  private static final int STR_SKIP = 0;
  private static final int STR_KEY = 1;
  private static final int STR_OUTPUT = 2; // only whether it is non-empty
  private static final int STR_CAPTURE = 3;

  // What a captured string or number is.
  private static final int T_NONE = 0;
  private static final int T_MODEL = 1;
  private static final int T_ID = 2;
  private static final int T_TYPE = 3;
  private static final int T_FINISH = 4;
  private static final int T_METHOD = 5;
  private static final int T_RPC_ID = 6;
  private static final int T_USAGE = 7;

  private static final byte[] DONE = {'[', 'D', 'O', 'N', 'E', ']'};

  // Strings are most of the bytes: their end is looked for 8 bytes at a time.
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101_0101_0101_0101L;
  private static final long HIGHS = 0x8080_8080_8080_8080L;
  private static final long QUOTES = ONES * '"';
  private static final long BACKSLASHES = ONES * '\\';

  // Byte classes, so the loops over string and skipped bytes test one table entry per byte.
  private static final byte[] STRING_STOP = new byte[256]; // " and \
  private static final byte[] SKIP_STOP = new byte[256]; // " \ { } [ ]
  private static final byte[] BARE = new byte[256]; // see isBare

  static {
    for (char c : new char[] {'"', '\\'}) {
      STRING_STOP[c] = 1;
      SKIP_STOP[c] = 1;
    }
    for (char c : new char[] {'{', '}', '[', ']'}) {
      SKIP_STOP[c] = 1;
    }
    for (int c = 0; c < 128; c++) {
      BARE[c] = (byte) (isBare((byte) c) ? 1 : 0);
    }
  }

  private final boolean mcp;

  // Lexer.
  private int state = S_START;
  private int strMode;
  private boolean escape;
  private int skipDepth;
  private boolean skipInString;
  private boolean skipEscape;
  private int depth;
  private long arrays; // bit d set: the container at level d+1 is an array
  private final int[] path = new int[PATH_LIMIT + 1]; // path[d]: key of the member at level d
  private final byte[] key = new byte[KEY_LIMIT];
  private int keyLen;
  private int doneMatched;

  // The string or number being captured.
  private int target;
  private final byte[] capture = new byte[CAPTURE_LIMIT];
  private int captureLen;
  private boolean strNonEmpty;
  private long number;
  private boolean numberOk;
  private int usageField;

  /** Level of the usage object being read, 0 for none; final when it is the stream's last word. */
  private int usageLevel;

  private boolean usageLevelFinal;

  // What the event being read showed.
  private boolean evOutput;
  private boolean evTerminal;
  private boolean evMethod;
  private boolean evRpcId;
  private boolean evProgress;

  // What the last complete event showed: read by GenAiStream after eventEnd.
  boolean lastOutput;
  boolean lastReadable;

  // The stream so far.
  final GenAiFacts facts = new GenAiFacts();

  GenAiScanner(boolean mcp) {
    this.mcp = mcp;
  }

  @Override
  public void data(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    while (i < end) {
      switch (state) {
        case S_START -> {
          byte c = b[i];
          if (c == '[' && !mcp) {
            // Either [DONE] or a top-level array: decided by the next bytes.
            state = S_DONE;
            doneMatched = 1;
            i++;
          } else {
            state = S_VALUE;
          }
        }
        case S_DONE -> {
          if (doneMatched < DONE.length && b[i] == DONE[doneMatched]) {
            doneMatched++;
            i++;
          } else {
            // Not the sentinel: unreadable (LLM streams have no top-level arrays).
            doneMatched = -1;
            state = S_BAD;
          }
        }
        case S_VALUE, S_KEY, S_COLON, S_AFTER -> i = tokens(b, i, end);
        case S_STRING -> i = string(b, i, end);
        case S_SKIP -> i = skip(b, i, end);
        case S_BARE -> {
          byte c = b[i];
          if (isBare(c)) {
            bareByte(c);
            i++;
          } else {
            // The byte ending a number or literal is read again as what follows it.
            endBare();
          }
        }
        case S_END -> {
          if (!isSpace(b[i++])) {
            state = S_BAD;
          }
        }
        default -> {
          // Unreadable: nothing more of this event is looked at.
          return;
        }
      }
    }
  }

  @Override
  public void dataLineEnd() {
    // The LF after a data value: JSON whitespace, but it ends a number or literal.
    if (state == S_BARE) {
      endBare();
    }
    if (state == S_DONE) {
      // [DONE] then its line end: more data after it makes it something else (see S_DONE).
      if (doneMatched != DONE.length) {
        state = S_BAD;
      }
    } else if (state == S_STRING) {
      // A raw LF inside a JSON string is invalid.
      state = S_BAD;
    }
  }

  @Override
  public void eventEnd(long dataBytes) {
    if (state == S_BARE) {
      endBare();
    }
    boolean done = state == S_DONE && doneMatched == DONE.length && dataBytes == DONE.length;
    boolean readable = state == S_END || done;
    if (done) {
      facts.done = true;
    } else if (!readable) {
      facts.unreadableEvents++;
    }
    lastReadable = readable;
    lastOutput = readable && evOutput;
    if (readable) {
      if (evTerminal) {
        facts.terminal = true;
      }
      if (mcp) {
        if (evMethod && !evRpcId) {
          facts.notifications++;
          if (evProgress) {
            facts.progressNotifications++;
          }
        }
      }
    }
    reset();
  }

  @Override
  public void discard() {
    reset();
  }

  private void reset() {
    state = S_START;
    depth = 0;
    arrays = 0;
    usageLevel = 0;
    doneMatched = 0;
    evOutput = false;
    evTerminal = false;
    evMethod = false;
    evRpcId = false;
    evProgress = false;
  }

  /**
   * The structure between strings, and every key, string, number and literal that ends within
   * {@code b[i, end)}: most events arrive whole in one call, so this is where their bytes go. Keys
   * are looked up and values read straight from {@code b}. A token that runs past {@code end}, or a
   * string with an escape in it, is left to the byte-by-byte states; a container off the
   * allow-list, to {@link #skip}. Returns where it stopped; the state says how to go on.
   */
  private int tokens(byte[] b, int i, int end) {
    while (i < end) {
      int st = state;
      if (st < S_VALUE || st > S_AFTER) {
        return i;
      }
      byte c = b[i];
      if (st == S_AFTER) {
        if (c == ',') {
          // The next member (object) or element (array).
          state = (arrays & (1L << (depth - 1))) != 0 ? S_VALUE : S_KEY;
        } else if (c == '}' || c == ']') {
          boolean isArray = (arrays & (1L << (depth - 1))) != 0;
          if (isArray != (c == ']')) {
            state = S_BAD;
          } else {
            close();
          }
        } else if (!isSpace(c)) {
          state = S_BAD;
        }
        i++;
      } else if (st == S_KEY) {
        if (c == '"') {
          int j = quoteOrBackslash(b, i + 1, end);
          if (j == end || b[j] != '"') {
            // Cut by the end of these bytes, or escaped: read byte by byte.
            strMode = STR_KEY;
            keyLen = 0;
            escape = false;
            state = S_STRING;
            return i + 1;
          }
          keyRead(Keys.of(b, i + 1, j - i - 1));
          state = S_COLON;
          i = j + 1;
        } else {
          if (c == '}') {
            close();
          } else if (!isSpace(c)) {
            state = S_BAD;
          }
          i++;
        }
      } else if (st == S_COLON) {
        if (c == ':') {
          state = S_VALUE;
        } else if (!isSpace(c)) {
          state = S_BAD;
        }
        i++;
      } else if (c == '"' && depth > 0) {
        int j = quoteOrBackslash(b, i + 1, end);
        if (j == end || b[j] != '"') {
          startString();
          state = S_STRING;
          return i + 1;
        }
        valueString(b, i + 1, j);
        state = S_AFTER;
        i = j + 1;
      } else if (depth > 0 && BARE[c & 0xFF] != 0) {
        int j = i + 1;
        while (j < end && BARE[b[j] & 0xFF] != 0) {
          j++;
        }
        startBare();
        if (j == end) {
          // The number or literal may go on in the next bytes.
          state = S_BARE;
          return i;
        }
        if (target != T_NONE) {
          for (int k = i; k < j; k++) {
            bareByte(b[k]);
          }
        }
        endBare();
        i = j;
      } else {
        i = value(b, i);
      }
    }
    return i;
  }

  /** A string value {@code b[from, to)} without escapes, read whole. */
  private void valueString(byte[] b, int from, int to) {
    int t = stringTarget();
    if (t != T_NONE) {
      int n = to - from;
      System.arraycopy(b, from, capture, 0, Math.min(n, CAPTURE_LIMIT));
      captureLen = n;
      target = t;
      captured();
    } else if (to > from && !evOutput && isOutputPath()) {
      // One byte is enough to know there was output; it is never kept.
      evOutput = true;
    }
  }

  /** A value starts at {@code b[i]} (whitespace skipped); returns the index after what it read. */
  private int value(byte[] b, int i) {
    byte c = b[i];
    if (isSpace(c)) {
      return i + 1;
    }
    if (depth == 0 && c != '{' && c != '[') {
      // Top level: only an object (or an array, for JSON-RPC batches) is a readable event.
      state = S_BAD;
      return i + 1;
    }
    switch (c) {
      case '{' -> {
        state = S_KEY;
        open(false);
      }
      case '[' -> {
        state = S_VALUE;
        open(true);
      }
      case ']' -> {
        // An empty array: "[" then "]" where a value was expected.
        if (depth > 0 && (arrays & (1L << (depth - 1))) != 0) {
          close();
        } else {
          state = S_BAD;
        }
      }
      case '"' -> {
        startString();
        state = S_STRING;
      }
      default -> {
        if (!isBare(c)) {
          state = S_BAD;
          return i + 1;
        }
        startBare();
        state = S_BARE;
        // Read again as the number's or literal's first byte.
        return i;
      }
    }
    return i + 1;
  }

  private void open(boolean array) {
    if (depth == DEPTH_LIMIT) {
      state = S_BAD;
      return;
    }
    if (!isReadPath()) {
      // Nothing under here is on the allow-list: pass over it, keys unread.
      depth++;
      skipDepth = 1;
      skipInString = false;
      skipEscape = false;
      state = S_SKIP;
      return;
    }
    if (!array && usageLevel == 0 && isUsagePath()) {
      usageLevel = depth + 1;
      usageLevelFinal = path[1] != Keys.MESSAGE;
    }
    if (array) {
      arrays |= 1L << depth;
    } else {
      arrays &= ~(1L << depth);
    }
    depth++;
    if (depth <= PATH_LIMIT) {
      path[depth] = array ? Keys.ITEM : Keys.OTHER;
    }
  }

  private void close() {
    if (depth == usageLevel) {
      usageLevel = 0;
      facts.usageSeen = true;
      if (usageLevelFinal) {
        facts.usageFinal = true;
      }
    }
    depth--;
    state = depth == 0 ? S_END : S_AFTER;
  }

  // ---- strings ----

  private void startString() {
    escape = false;
    strNonEmpty = false;
    captureLen = 0;
    target = stringTarget();
    if (target != T_NONE) {
      strMode = STR_CAPTURE;
    } else {
      strMode = isOutputPath() ? STR_OUTPUT : STR_SKIP;
    }
  }

  /** Bytes of a string from {@code b[i]}; returns the index after what it read. */
  private int string(byte[] b, int i, int end) {
    while (i < end) {
      if (escape) {
        // The escaped byte (or the first of \\uXXXX, whose hex digits are plain bytes anyway).
        escape = false;
        take(b, i, 1);
        i++;
        continue;
      }
      // The run up to the next quote or backslash is plain string bytes.
      int j = i;
      j = quoteOrBackslash(b, j, end);
      take(b, i, j - i);
      if (j == end) {
        return end;
      }
      if (b[j] == '"') {
        endString();
        return j + 1;
      }
      // A backslash: it and the byte it escapes are string bytes.
      escape = true;
      take(b, j, 1);
      i = j + 1;
    }
    return i;
  }

  /** Index of the first quote or backslash in {@code b[i, end)}, or {@code end}. */
  static int quoteOrBackslash(byte[] b, int i, int end) {
    while (end - i >= 8) {
      long w = (long) LONGS.get(b, i);
      // A byte equal to the pattern's is zero in w ^ pattern; the test below marks it (and may
      // mark bytes above it too).
      long q = w ^ QUOTES;
      long s = w ^ BACKSLASHES;
      long marks = (((q - ONES) & ~q) | ((s - ONES) & ~s)) & HIGHS;
      if (marks != 0) {
        // The lowest mark is exact: borrows only run upwards from a byte that matched.
        return i + (Long.numberOfTrailingZeros(marks) >>> 3);
      }
      i += 8;
    }
    while (i < end && STRING_STOP[b[i] & 0xFF] == 0) {
      i++;
    }
    return i;
  }

  /** String bytes {@code b[i, i + n)}: kept (key, allow-listed value), noted or passed over. */
  private void take(byte[] b, int i, int n) {
    if (n == 0) {
      return;
    }
    switch (strMode) {
      case STR_KEY -> {
        int room = KEY_LIMIT - keyLen;
        if (room > 0) {
          System.arraycopy(b, i, key, keyLen, Math.min(room, n));
        }
        keyLen += n;
      }
      case STR_CAPTURE -> {
        int room = CAPTURE_LIMIT - captureLen;
        if (room > 0) {
          System.arraycopy(b, i, capture, captureLen, Math.min(room, n));
        }
        captureLen += n;
      }
      // One byte is enough to know there was output; it is never kept.
      case STR_OUTPUT -> strNonEmpty = true;
      default -> {
        // Passed over.
      }
    }
  }

  /**
   * Bytes of a container no allow-listed path goes through (text, tool output, filter details):
   * only its nesting and strings are followed, to find its end, and no key is looked at.
   */
  private int skip(byte[] b, int i, int end) {
    while (i < end) {
      if (skipInString && !skipEscape) {
        // The bulk of a skipped container is its strings: to their end in 8-byte steps.
        i = quoteOrBackslash(b, i, end);
        if (i == end) {
          return end;
        }
      }
      byte c = b[i++];
      if (SKIP_STOP[c & 0xFF] == 0) {
        if (skipEscape) {
          skipEscape = false;
        }
        continue;
      }
      if (skipInString) {
        if (skipEscape) {
          skipEscape = false;
        } else if (c == '\\') {
          skipEscape = true;
        } else if (c == '"') {
          skipInString = false;
        }
      } else if (c == '"') {
        skipInString = true;
      } else if (c == '{' || c == '[') {
        if (++skipDepth + depth > DEPTH_LIMIT) {
          state = S_BAD;
          return i;
        }
      } else if (c == '}' || c == ']') {
        if (--skipDepth == 0) {
          // The skipped container is closed: back to reading what follows it.
          depth--;
          state = depth == 0 ? S_END : S_AFTER;
          return i;
        }
      }
    }
    return i;
  }

  private void endString() {
    switch (strMode) {
      case STR_KEY -> {
        keyRead(keyLen > KEY_LIMIT ? Keys.OTHER : Keys.of(key, 0, keyLen));
        state = S_COLON;
        return;
      }
      case STR_OUTPUT -> {
        if (strNonEmpty) {
          evOutput = true;
        }
      }
      case STR_CAPTURE -> captured();
      default -> {
        // A skipped string leaves nothing behind.
      }
    }
    state = S_AFTER;
  }

  /** The key of the member now starting at the current level. */
  private void keyRead(int k) {
    if (depth <= PATH_LIMIT) {
      path[depth] = k;
    }
    if (k == Keys.CONTENT_FILTER_RESULTS || k == Keys.PROMPT_FILTER_RESULTS) {
      facts.contentFilter = true;
    }
    if (depth == 1) {
      if (k == Keys.RESULT) {
        facts.rpcResult = true;
      } else if (k == Keys.ERROR) {
        if (mcp) {
          facts.rpcError = true;
        } else {
          facts.addFinish(FinishReason.ERROR);
          evTerminal = true;
        }
      }
    }
  }

  /** An allow-listed string value is complete in {@code capture}. */
  private void captured() {
    int n = Math.min(captureLen, CAPTURE_LIMIT);
    switch (target) {
      case T_MODEL -> facts.model(capture, n, captureLen);
      case T_ID -> facts.responseId(capture, n, captureLen);
      case T_RPC_ID -> {
        evRpcId = true;
        facts.rpcId(capture, n, captureLen);
      }
      case T_FINISH -> facts.addFinish(FinishReason.of(capture, n, captureLen));
      case T_TYPE -> {
        if (EventTypes.isTerminal(capture, n, captureLen)) {
          evTerminal = true;
        }
      }
      case T_METHOD -> {
        evMethod = true;
        evProgress = EventTypes.isProgressNotification(capture, n, captureLen);
      }
      default -> {
        // Nothing else is captured.
      }
    }
  }

  // ---- numbers and literals ----

  private void startBare() {
    number = 0;
    numberOk = true;
    captureLen = 0;
    usageField = usageLevel > 0 ? usageField() : UsageField.NONE;
    target = usageField != UsageField.NONE ? T_USAGE : isRpcIdPath() ? T_RPC_ID : T_NONE;
  }

  private void bareByte(byte c) {
    if (target == T_USAGE) {
      int d = c - '0';
      if (d < 0 || d > 9 || number > (Long.MAX_VALUE - d) / 10) {
        numberOk = false;
      } else {
        number = number * 10 + d;
      }
    } else if (target == T_RPC_ID) {
      if (captureLen < CAPTURE_LIMIT) {
        capture[captureLen] = c;
      }
      captureLen++;
    }
  }

  private void endBare() {
    if (target == T_USAGE && numberOk) {
      facts.usage(usageField, number);
    } else if (target == T_RPC_ID) {
      // A numeric JSON-RPC id; a literal (null) is no id.
      if (captureLen > 0 && capture[0] != 'n') {
        evRpcId = true;
        facts.rpcId(capture, Math.min(captureLen, CAPTURE_LIMIT), captureLen);
      }
    }
    state = depth == 0 ? S_END : S_AFTER;
  }

  // ---- the allow-list of paths ----

  private int key(int level) {
    return level <= PATH_LIMIT ? path[level] : Keys.OTHER;
  }

  /** What a string value at the current path is captured as, or T_NONE. */
  private int stringTarget() {
    int k = key(depth);
    switch (depth) {
      case 1 -> {
        return switch (k) {
          case Keys.MODEL -> mcp || facts.hasModel() ? T_NONE : T_MODEL;
          case Keys.ID -> mcp ? T_RPC_ID : facts.hasResponseId() ? T_NONE : T_ID;
          case Keys.TYPE -> mcp ? T_NONE : T_TYPE;
          case Keys.METHOD -> mcp ? T_METHOD : T_NONE;
          default -> T_NONE;
        };
      }
      case 2 -> {
        int parent = path[1];
        if (mcp) {
          return T_NONE;
        }
        if (parent == Keys.RESPONSE || parent == Keys.MESSAGE) {
          return switch (k) {
            case Keys.MODEL -> facts.hasModel() ? T_NONE : T_MODEL;
            case Keys.ID -> facts.hasResponseId() ? T_NONE : T_ID;
            case Keys.STOP_REASON -> T_FINISH;
            case Keys.STATUS -> parent == Keys.RESPONSE ? T_FINISH : T_NONE;
            default -> T_NONE;
          };
        }
        return parent == Keys.DELTA && k == Keys.STOP_REASON ? T_FINISH : T_NONE;
      }
      case 3 -> {
        if (mcp) {
          return T_NONE;
        }
        if (path[1] == Keys.CHOICES && k == Keys.FINISH_REASON) {
          return T_FINISH;
        }
        return path[1] == Keys.RESPONSE && path[2] == Keys.INCOMPLETE_DETAILS && k == Keys.REASON
            ? T_FINISH
            : T_NONE;
      }
      default -> {
        return T_NONE;
      }
    }
  }

  /** Whether a string at the current path is model output (tested for non-empty, never kept). */
  private boolean isOutputPath() {
    if (mcp) {
      return false;
    }
    int k = key(depth);
    switch (depth) {
      case 1 -> {
        // Responses API: response.output_text.delta, …function_call_arguments.delta, …
        return k == Keys.DELTA;
      }
      case 2 -> {
        // Anthropic content_block_delta: delta.text, delta.partial_json, delta.thinking.
        return path[1] == Keys.DELTA
            && (k == Keys.TEXT || k == Keys.PARTIAL_JSON || k == Keys.THINKING);
      }
      case 3 -> {
        // Completions: choices[].text.
        return path[1] == Keys.CHOICES && k == Keys.TEXT;
      }
      case 4 -> {
        // Chat: choices[].delta.content, .reasoning_content, .refusal.
        return path[1] == Keys.CHOICES
            && path[3] == Keys.DELTA
            && (k == Keys.CONTENT || k == Keys.REASONING_CONTENT || k == Keys.REFUSAL);
      }
      case 7 -> {
        // Chat tool calls: choices[].delta.tool_calls[].function.arguments (and its name).
        return path[1] == Keys.CHOICES
            && path[3] == Keys.DELTA
            && path[4] == Keys.TOOL_CALLS
            && path[6] == Keys.FUNCTION
            && (k == Keys.ARGUMENTS || k == Keys.NAME);
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * Whether a container opening now is on an allow-listed path: the top level, {@code choices} and
   * their {@code delta} (with tool calls), {@code usage} wherever it is read, {@code response} and
   * {@code message} (with their usage and incomplete details), Anthropic's {@code delta}. Any other
   * container is passed over whole.
   */
  private boolean isReadPath() {
    if (depth == 0) {
      return true;
    }
    if (mcp) {
      // JSON-RPC: id, method, result and error are read at the top; params, results and errors
      // are never looked into.
      return false;
    }
    if (usageLevel > 0) {
      return true;
    }
    int k1 = path[1];
    return switch (depth) {
      case 1 ->
          k1 == Keys.CHOICES
              || k1 == Keys.USAGE
              || k1 == Keys.RESPONSE
              || k1 == Keys.MESSAGE
              || k1 == Keys.DELTA;
      case 2 ->
          k1 == Keys.CHOICES
              || ((k1 == Keys.RESPONSE || k1 == Keys.MESSAGE)
                  && (path[2] == Keys.USAGE || path[2] == Keys.INCOMPLETE_DETAILS));
      case 3 -> k1 == Keys.CHOICES && path[3] == Keys.DELTA;
      case 4 -> k1 == Keys.CHOICES && path[3] == Keys.DELTA && path[4] == Keys.TOOL_CALLS;
      case 5 -> k1 == Keys.CHOICES && path[4] == Keys.TOOL_CALLS;
      case 6 -> k1 == Keys.CHOICES && path[4] == Keys.TOOL_CALLS && path[6] == Keys.FUNCTION;
      default -> false;
    };
  }

  /** Whether an object opening now is a usage object: usage, response.usage, message.usage. */
  private boolean isUsagePath() {
    if (mcp) {
      return false;
    }
    return (depth == 1 && path[1] == Keys.USAGE)
        || (depth == 2
            && path[2] == Keys.USAGE
            && (path[1] == Keys.RESPONSE || path[1] == Keys.MESSAGE));
  }

  /** Which count a number inside the usage object is. */
  private int usageField() {
    int rel = depth - usageLevel;
    int k = key(depth);
    if (rel == 0) {
      return switch (k) {
        case Keys.PROMPT_TOKENS, Keys.INPUT_TOKENS -> UsageField.INPUT;
        case Keys.COMPLETION_TOKENS, Keys.OUTPUT_TOKENS -> UsageField.OUTPUT;
        case Keys.TOTAL_TOKENS -> UsageField.TOTAL;
        case Keys.CACHE_READ_INPUT_TOKENS -> UsageField.CACHED;
        default -> UsageField.NONE;
      };
    }
    if (rel == 1) {
      int parent = key(depth - 1);
      if (k == Keys.CACHED_TOKENS
          && (parent == Keys.PROMPT_TOKENS_DETAILS || parent == Keys.INPUT_TOKENS_DETAILS)) {
        return UsageField.CACHED;
      }
      if (k == Keys.REASONING_TOKENS
          && (parent == Keys.COMPLETION_TOKENS_DETAILS || parent == Keys.OUTPUT_TOKENS_DETAILS)) {
        return UsageField.REASONING;
      }
    }
    return UsageField.NONE;
  }

  private boolean isRpcIdPath() {
    return mcp && depth == 1 && path[1] == Keys.ID;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** Bytes of numbers and of the literals true, false and null. */
  private static boolean isBare(byte c) {
    return (c >= '0' && c <= '9')
        || (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '-'
        || c == '+'
        || c == '.';
  }
}
