package dev.ssewatch.core.sse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental parser for {@code text/event-stream}, following the WHATWG HTML standard, section
 * "Interpreting an event stream". Bytes may arrive in any chunking: every split of the same bytes
 * yields the same events, and each event is dispatched as soon as the line ending of its blank line
 * arrives (a CR dispatches at once; an LF right after it, even in the next chunk, is part of the
 * same line ending).
 *
 * <p>The parser works on bytes, never on decoded text: CR, LF, {@code :} and space are ASCII, and
 * the standard's UTF-8 decoder never lets an ASCII byte be swallowed by an ill-formed sequence, so
 * splitting lines and fields on bytes and decoding each value on its own gives exactly the
 * standard's result (invalid bytes become U+FFFD per maximal subpart).
 *
 * <p><b>Counts.</b> {@code dataBytes} is the number of bytes of the data as received: the raw bytes
 * of every {@code data} value plus one LF between values (the final LF removed). For valid UTF-8
 * this is the UTF-8 length of the data; for invalid input it counts the bytes received, not the
 * length of the U+FFFD replacement. Both modes use this same definition and count it even when the
 * data is not kept.
 *
 * <p><b>Memory.</b> Metadata mode never copies data bytes and keeps at most {@value
 * #METADATA_VALUE_LIMIT} bytes of an {@code event} or {@code id} value; capturing mode keeps them
 * up to its {@code maxDataBytes}. A longer type or id is reported as its kept prefix (decoded; a
 * multi-byte character cut at the bound becomes U+FFFD) followed by {@code …} (U+2026). Two such
 * values count as the same id when their kept prefixes and full lengths agree. Field names are
 * never buffered beyond five bytes, comments and unknown fields not at all, so memory is bounded
 * however long a line is.
 *
 * <p>{@code retry} takes effect only when its value is one or more ASCII digits (an empty value is
 * ignored); values beyond {@link Long#MAX_VALUE} saturate.
 *
 * <p>Not thread-safe. Listeners are called on the feeding thread and must not throw: an exception
 * leaves the parser in an unspecified state.
 */
public final class SseParser {

  /** Receives whole events, data included (capturing mode). */
  public interface Listener {
    void onEvent(SseEvent event);

    /**
     * A comment line ({@code :…}); {@code length} bytes follow the colon. Heartbeats are comments.
     */
    default void onComment(long length) {}
  }

  /**
   * Receives event metadata without data (metadata mode). The parameters are primitives and cached
   * strings so that dispatch allocates nothing, and there is no way to reach the data.
   */
  public interface MetadataListener {
    /**
     * @param type the event type ({@code message} by default); the same String instance is reused
     *     while the type's bytes repeat
     * @param lastEventId the last-event-ID buffer after this event ("" when never set)
     * @param dataBytes UTF-8 bytes of the data, final LF removed
     * @param dataLines number of {@code data} fields
     */
    void onEvent(String type, String lastEventId, long dataBytes, int dataLines);

    /**
     * A comment line ({@code :…}); {@code length} bytes follow the colon. Heartbeats are comments.
     */
    default void onComment(long length) {}
  }

  /** Default capture limit per event in capturing mode: 16 MiB of data. */
  public static final int DEFAULT_MAX_DATA_BYTES = 16 * 1024 * 1024;

  /** Bytes of an {@code event} or {@code id} value that metadata mode keeps. */
  public static final int METADATA_VALUE_LIMIT = 1024;

  private static final String DEFAULT_TYPE = "message";
  private static final String TRUNCATED = "\u2026";
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  // Arrays must stay below the VM's maximum size, which is a little under Integer.MAX_VALUE.
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
  private static final int SHRINK_ABOVE = 64 * 1024;

  // Where in a line the parser is.
  private static final int LINE_START = 0;
  private static final int NAME = 1;
  private static final int VALUE_START = 2;
  private static final int VALUE = 3;
  private static final int COMMENT = 4;

  // Which field the current line is. Names are packed big-endian into a long, at most 5 bytes.
  private static final int UNKNOWN = 0;
  private static final int DATA = 1;
  private static final int EVENT = 2;
  private static final int ID = 3;
  private static final int RETRY = 4;
  private static final long NAME_DATA = pack("data");
  private static final long NAME_EVENT = pack("event");
  private static final long NAME_ID = pack("id");
  private static final long NAME_RETRY = pack("retry");
  private static final int MAX_NAME = 5;
  // Field names with their colon as little-endian longs, for recognising them in one read.
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long DATA_COLON = littleEndian("data:");
  private static final long ID_COLON = littleEndian("id:");
  private static final long EVENT_COLON = littleEndian("event:");
  private static final long RETRY_COLON = littleEndian("retry:");

  private final Listener listener;
  private final MetadataListener metadataListener;
  private final boolean capturing;
  private final int maxDataBytes;
  private final int valueLimit;

  // Stream position: leading BOM (bytes matched so far, -1 once settled) and CR-LF pairing.
  private int bomSeen;
  private boolean skipLf;

  // The current line.
  private int state = LINE_START;
  private int kind;
  private long name;
  private int nameLen;
  private long commentLen;
  private byte[] value = new byte[32];
  private long valueLen;
  private boolean valueHasNul;
  private boolean retryDigits;
  private long retryValue;

  // The event being built since the last blank line.
  private boolean pending;
  private long dataCount;
  private int dataLines;
  private boolean overLimit;
  private byte[] data;
  private byte[] type = new byte[32];
  private long typeLen;

  // The last-event-ID buffer, and the last event ID string it is committed to at a blank line.
  private byte[] id;
  private long idLen;
  private boolean idChanged;
  private String lastEventId;
  private long retryMillis = -1;

  // The String handed out for the previous type, reused while the type's bytes repeat.
  private byte[] cachedType = new byte[32];
  private long cachedTypeLen = -1;
  private String cachedTypeString;

  private byte[] scratch;

  private SseParser(
      Listener listener,
      MetadataListener metadataListener,
      int maxDataBytes,
      int valueLimit,
      String initialLastEventId) {
    this.listener = listener;
    this.metadataListener = metadataListener;
    this.capturing = listener != null;
    this.maxDataBytes = Math.min(maxDataBytes, MAX_ARRAY - 1);
    this.valueLimit = Math.min(valueLimit, MAX_ARRAY);
    this.data = capturing ? new byte[256] : null;
    this.lastEventId = initialLastEventId == null ? "" : initialLastEventId;
    this.id = this.lastEventId.getBytes(StandardCharsets.UTF_8);
    this.idLen = id.length;
  }

  /** A capturing parser with the default limit and no initial last-event-ID. */
  public SseParser(Listener listener) {
    this(listener, null);
  }

  /** A capturing parser for a stream reconnected with {@code Last-Event-ID: initialLastEventId}. */
  public SseParser(Listener listener, String initialLastEventId) {
    this(
        Objects.requireNonNull(listener, "listener"),
        null,
        DEFAULT_MAX_DATA_BYTES,
        Math.max(DEFAULT_MAX_DATA_BYTES, METADATA_VALUE_LIMIT),
        initialLastEventId);
  }

  /**
   * A capturing parser; events whose data exceeds {@code maxDataBytes} arrive with {@code
   * overLimit}.
   */
  public static SseParser capturing(
      Listener listener, int maxDataBytes, String initialLastEventId) {
    if (maxDataBytes < 0) {
      throw new IllegalArgumentException("maxDataBytes < 0: " + maxDataBytes);
    }
    return new SseParser(
        Objects.requireNonNull(listener, "listener"),
        null,
        maxDataBytes,
        Math.max(maxDataBytes, METADATA_VALUE_LIMIT),
        initialLastEventId);
  }

  /** A metadata-only parser: never copies or decodes data bytes; O(1) memory. */
  public static SseParser metadataOnly(MetadataListener listener, String initialLastEventId) {
    return new SseParser(
        null,
        Objects.requireNonNull(listener, "listener"),
        0,
        METADATA_VALUE_LIMIT,
        initialLastEventId);
  }

  /** Parses {@code len} bytes of {@code buf} from {@code off}. */
  public void feed(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    int end = off + len;
    int i = bomSeen >= 0 ? stripBom(buf, off, end) : off;
    if (skipLf && i < end) {
      // The previous chunk ended in CR: an LF here completes that line ending.
      skipLf = false;
      if (buf[i] == '\n') {
        i++;
      }
    }
    parse(buf, i, end);
  }

  /** Parses the buffer's remaining bytes; its position and limit are left unchanged. */
  public void feed(ByteBuffer buf) {
    int pos = buf.position();
    int lim = buf.limit();
    if (buf.hasArray()) {
      feed(buf.array(), buf.arrayOffset() + pos, lim - pos);
      return;
    }
    // Direct and read-only buffers: absolute bulk gets leave position and limit alone.
    if (scratch == null) {
      scratch = new byte[8192];
    }
    for (int p = pos; p < lim; ) {
      int n = Math.min(scratch.length, lim - p);
      buf.get(p, scratch, 0, n);
      feed(scratch, 0, n);
      p += n;
    }
  }

  /** End of stream: an event without its terminating blank line is discarded. */
  public void end() {
    // "Once the end of the file is reached, any pending data must be discarded": that includes an
    // unterminated last line, which never became a field.
    state = LINE_START;
    skipLf = false;
    pending = false;
    resetEvent();
  }

  public String lastEventId() {
    return lastEventId;
  }

  /** The reconnection time the stream asked for, or -1 while never set. */
  public long retryMillis() {
    return retryMillis;
  }

  /**
   * Whether the bytes fed so far end exactly at an event boundary: at the start of a line, with no
   * field of an undispatched event pending and no CR awaiting a possible LF. Only here may a proxy
   * insert a heartbeat comment without changing what the client parses.
   *
   * <p>Precisely: true when the last byte fed ended a line (or nothing was fed), no {@code data},
   * {@code event}, {@code id} or {@code retry} field has been seen since the last blank line
   * (comments and unknown fields don't count), the last byte was not a CR, and no partial leading
   * BOM is waiting. Before the first byte it is true; a proxy inserting there must drop a leading
   * BOM the upstream sends afterwards, since only the stream's first bytes may be a BOM.
   */
  public boolean atEventBoundary() {
    return state == LINE_START && !pending && !skipLf && bomSeen <= 0;
  }

  private int stripBom(byte[] b, int i, int end) {
    while (bomSeen >= 0 && i < end) {
      if (b[i] == BOM[bomSeen]) {
        // Still a prefix of the BOM: hold it back until the whole BOM is seen.
        i++;
        bomSeen = bomSeen == 2 ? -1 : bomSeen + 1;
      } else {
        // Not a BOM after all: the bytes held back are content.
        int held = bomSeen;
        bomSeen = -1;
        parse(BOM, 0, held);
      }
    }
    return i;
  }

  private void parse(byte[] b, int i, int end) {
    while (i < end) {
      switch (state) {
        case LINE_START -> {
          byte c = b[i];
          if (c == '\n' || c == '\r') {
            // An empty line: dispatch the event.
            i = lineEnd(b, i, end);
          } else if (c == ':') {
            // A line starting with a colon is a comment.
            state = COMMENT;
            commentLen = 0;
            i++;
          } else if (end - i >= 8 && knownField((long) LONGS.get(b, i))) {
            // A known field name and its colon, recognised in one read: the value follows.
            i += nameLen + 1;
            startValue();
            state = VALUE_START;
          } else {
            state = NAME;
            name = c & 0xFF;
            nameLen = 1;
            i++;
          }
        }
        case NAME -> {
          int j = i;
          byte c = 0;
          while (j < end && (c = b[j]) != ':' && c != '\n' && c != '\r') {
            j++;
          }
          packName(b, i, j);
          if (j == end) {
            i = j;
          } else {
            kind = fieldKind();
            startValue();
            if (c == ':') {
              // The field name ends at the first colon; the value follows.
              state = VALUE_START;
              i = j + 1;
            } else {
              // A line without a colon is a field whose name is the whole line, value empty.
              i = lineEnd(b, j, end);
            }
          }
        }
        case VALUE_START -> {
          // Exactly one space after the colon is not part of the value.
          if (b[i] == ' ') {
            i++;
          }
          state = VALUE;
        }
        case VALUE -> {
          int j = indexOfLineEnd(b, i, end);
          if (j > i) {
            value(b, i, j);
          }
          i = j < end ? lineEnd(b, j, end) : j;
        }
        default -> {
          int j = indexOfLineEnd(b, i, end);
          // Comment text is counted, never kept.
          commentLen += j - i;
          i = j < end ? lineEnd(b, j, end) : j;
        }
      }
    }
  }

  /**
   * Whether the 8 bytes {@code w} (little-endian) start with {@code data:}, {@code id:}, {@code
   * event:} or {@code retry:}; if so, sets the field's kind and name length.
   */
  private boolean knownField(long w) {
    if ((w & 0xFF_FFFF_FFFFL) == DATA_COLON) {
      kind = DATA;
      nameLen = 4;
    } else if ((w & 0xFF_FFFFL) == ID_COLON) {
      kind = ID;
      nameLen = 2;
    } else if ((w & 0xFFFF_FFFF_FFFFL) == EVENT_COLON) {
      kind = EVENT;
      nameLen = 5;
    } else if ((w & 0xFFFF_FFFF_FFFFL) == RETRY_COLON) {
      kind = RETRY;
      nameLen = 5;
    } else {
      return false;
    }
    return true;
  }

  /**
   * Index of the first CR or LF in {@code b[i, end)}, or {@code end}. Values are most of the
   * stream, so this tests 8 bytes per step: a byte equal to CR or LF becomes zero after the XOR,
   * and {@code (v - 0x01..) & ~v & 0x80..} marks zero bytes; the lowest mark is always exact.
   */
  static int indexOfLineEnd(byte[] b, int i, int end) {
    for (; end - i >= 8; i += 8) {
      long w = (long) LONGS.get(b, i);
      long lf = w ^ 0x0A0A_0A0A_0A0A_0A0AL;
      long cr = w ^ 0x0D0D_0D0D_0D0D_0D0DL;
      long marks =
          ((lf - 0x0101_0101_0101_0101L) & ~lf | (cr - 0x0101_0101_0101_0101L) & ~cr)
              & 0x8080_8080_8080_8080L;
      if (marks != 0) {
        return i + (Long.numberOfTrailingZeros(marks) >>> 3);
      }
    }
    while (i < end && b[i] != '\n' && b[i] != '\r') {
      i++;
    }
    return i;
  }

  /** Handles the line ending at {@code b[j]} (CR or LF); returns the index after it. */
  private int lineEnd(byte[] b, int j, int end) {
    // A CR ends the line at once; an LF right after it belongs to the same line ending.
    boolean cr = b[j] == '\r';
    skipLf = cr;
    int s = state;
    state = LINE_START;
    switch (s) {
      case LINE_START -> dispatch();
      case COMMENT -> comment(commentLen);
      default -> field();
    }
    j++;
    if (cr && j < end) {
      skipLf = false;
      if (b[j] == '\n') {
        j++;
      }
    }
    return j;
  }

  private void packName(byte[] b, int i, int j) {
    if (nameLen + (j - i) > MAX_NAME) {
      // Longer than every known field name: an unknown field, whatever follows.
      nameLen = MAX_NAME + 1;
      return;
    }
    for (int k = i; k < j; k++) {
      name = (name << 8) | (b[k] & 0xFF);
    }
    nameLen += j - i;
  }

  private int fieldKind() {
    // The length matters too: a leading NUL byte would vanish from the packed name.
    return switch (nameLen) {
      case 2 -> name == NAME_ID ? ID : UNKNOWN;
      case 4 -> name == NAME_DATA ? DATA : UNKNOWN;
      case 5 -> name == NAME_EVENT ? EVENT : name == NAME_RETRY ? RETRY : UNKNOWN;
      // Any other field name is ignored.
      default -> UNKNOWN;
    };
  }

  private void startValue() {
    valueLen = 0;
    valueHasNul = false;
    retryDigits = true;
    retryValue = 0;
  }

  /** Value bytes {@code [i, j)} of the current field, which may arrive in several pieces. */
  private void value(byte[] b, int i, int j) {
    int n = j - i;
    switch (kind) {
      case DATA -> {
        // data: only counted in metadata mode; copied while under the limit in capturing mode.
        dataCount += n;
        if (capturing && !overLimit) {
          if (dataCount > maxDataBytes) {
            dropData();
          } else {
            int at = (int) dataCount - n;
            data = ensure(data, (int) dataCount, maxDataBytes + 1);
            System.arraycopy(b, i, data, at, n);
          }
        }
      }
      case EVENT -> keepValue(b, i, n);
      case ID -> {
        // id: a value containing U+0000 is ignored; only byte 0 decodes to U+0000.
        for (int k = i; k < j; k++) {
          if (b[k] == 0) {
            valueHasNul = true;
          }
        }
        keepValue(b, i, n);
      }
      case RETRY -> {
        // retry: only a value of ASCII digits counts.
        for (int k = i; k < j; k++) {
          int d = b[k] - '0';
          if (d < 0 || d > 9) {
            retryDigits = false;
          } else {
            retryValue =
                retryValue > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : retryValue * 10 + d;
          }
        }
        valueLen += n;
      }
      default -> {
        // Unknown fields are ignored.
      }
    }
  }

  private void keepValue(byte[] b, int i, int n) {
    int kept = (int) Math.min(valueLen, valueLimit);
    int take = Math.min(n, valueLimit - kept);
    if (take > 0) {
      value = ensure(value, kept + take, valueLimit);
      System.arraycopy(b, i, value, kept, take);
    }
    valueLen += n;
  }

  /** The current line was a field (its value complete): apply it. */
  private void field() {
    switch (kind) {
      case DATA -> {
        // data: append the value (already done) and an LF to the data buffer.
        pending = true;
        dataLines++;
        if (capturing && !overLimit && dataCount > maxDataBytes) {
          dropData();
        }
        dataCount++;
        if (capturing && !overLimit) {
          data = ensure(data, (int) dataCount, maxDataBytes + 1);
          data[(int) dataCount - 1] = '\n';
        }
      }
      case EVENT -> {
        // event: the value becomes the event type buffer.
        pending = true;
        byte[] t = type;
        type = value;
        value = t;
        typeLen = valueLen;
      }
      case ID -> {
        // id: the value becomes the last-event-ID buffer, unless it contains U+0000.
        pending = true;
        if (!valueHasNul && !sameId()) {
          byte[] t = id;
          id = value;
          value = t;
          idLen = valueLen;
          idChanged = true;
        }
      }
      case RETRY -> {
        // retry: digits only set the reconnection time; anything else is ignored.
        pending = true;
        if (retryDigits && valueLen > 0) {
          retryMillis = retryValue;
        }
      }
      default -> {
        // Unknown fields are ignored and don't start an event.
      }
    }
  }

  private boolean sameId() {
    int n = (int) Math.min(valueLen, valueLimit);
    return valueLen == idLen && Arrays.equals(value, 0, n, id, 0, n);
  }

  /** A blank line: the standard's "dispatch the event". */
  private void dispatch() {
    pending = false;
    // Step 1: the last event ID string takes the buffer's value, even if nothing is dispatched.
    if (idChanged) {
      idChanged = false;
      lastEventId = string(id, idLen);
    }
    // Step 2: an empty data buffer (no data field) dispatches nothing; the type buffer resets.
    if (dataLines == 0) {
      resetEvent();
      return;
    }
    // Steps 3-5: final LF removed; an empty type buffer means "message".
    String t = typeLen == 0 ? DEFAULT_TYPE : typeString();
    long bytes = dataCount - 1;
    int lines = dataLines;
    if (capturing) {
      boolean over = overLimit;
      String d = over ? null : Utf8.decode(data, 0, (int) bytes);
      resetEvent();
      listener.onEvent(new SseEvent(t, d, lastEventId, bytes, lines, over));
    } else {
      resetEvent();
      metadataListener.onEvent(t, lastEventId, bytes, lines);
    }
  }

  private void comment(long length) {
    if (capturing) {
      listener.onComment(length);
    } else {
      metadataListener.onComment(length);
    }
  }

  private String typeString() {
    int n = (int) Math.min(typeLen, valueLimit);
    if (typeLen == cachedTypeLen && Arrays.equals(type, 0, n, cachedType, 0, n)) {
      return cachedTypeString;
    }
    cachedTypeString = string(type, typeLen);
    cachedTypeLen = typeLen;
    byte[] t = cachedType;
    cachedType = type;
    type = t;
    return cachedTypeString;
  }

  private String string(byte[] b, long len) {
    String s = Utf8.decode(b, 0, (int) Math.min(len, valueLimit));
    return len > valueLimit ? s + TRUNCATED : s;
  }

  private void resetEvent() {
    dataCount = 0;
    dataLines = 0;
    overLimit = false;
    typeLen = 0;
    if (capturing && data.length > SHRINK_ABOVE) {
      // One large event should not pin its buffer for the rest of the stream.
      data = new byte[256];
    }
  }

  private void dropData() {
    // Over the capture limit: stop buffering but keep counting, and report the event as over.
    overLimit = true;
    if (data.length > SHRINK_ABOVE) {
      data = new byte[256];
    }
  }

  private static byte[] ensure(byte[] a, int needed, int max) {
    if (needed <= a.length) {
      return a;
    }
    int grown = (int) Math.min(Math.max((long) a.length * 2, needed), Math.max(max, needed));
    return Arrays.copyOf(a, grown);
  }

  private static long littleEndian(String ascii) {
    long p = 0;
    for (int k = ascii.length() - 1; k >= 0; k--) {
      p = (p << 8) | ascii.charAt(k);
    }
    return p;
  }

  private static long pack(String fieldName) {
    long p = 0;
    for (int k = 0; k < fieldName.length(); k++) {
      p = (p << 8) | fieldName.charAt(k);
    }
    return p;
  }
}
