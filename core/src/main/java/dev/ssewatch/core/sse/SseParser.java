package dev.ssewatch.core.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Incremental parser for {@code text/event-stream}, following the WHATWG HTML standard, section
 * "Interpreting an event stream". New here? Read the reference parser in this package's tests
 * ({@code ReferenceParser}) first: it is the standard's algorithm written plainly, and this class
 * must give the same events for every input and every chunking; what this class adds is speed and
 * bounded memory (8-bytes-at-a-time scans in {@link ByteScans}, packed field names, a metadata mode
 * that never copies data). Bytes may arrive in any chunking: every split of the same bytes yields
 * the same events, and each event is dispatched as soon as the line ending of its blank line
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
     * @param dataBytes bytes of the data as received, final LF removed (see the class comment)
     * @param dataLines number of {@code data} fields
     */
    void onEvent(String type, String lastEventId, long dataBytes, int dataLines);

    /**
     * A comment line ({@code :…}); {@code length} bytes follow the colon. Heartbeats are comments.
     */
    default void onComment(long length) {}

    /**
     * Whether {@link #onEvent} takes the last-event-ID as a String. A listener answering {@code
     * false} (asked once, when the parser is made) receives {@code null} instead and reads the id
     * when it needs it, through {@link SseParser#lastEventIdVersion}, {@link
     * SseParser#lastEventIdUtf8} or {@link SseParser#lastEventId}: a stream with a new id on every
     * event then costs no String per event for a listener that only hashes the id.
     */
    default boolean wantsLastEventIdString() {
      return true;
    }

    /**
     * The observer that sees the data bytes as they pass, or {@code null} (the default) for none.
     * Asked once, when the parser is made.
     */
    default DataObserver dataObserver() {
      return null;
    }
  }

  /**
   * Sees the bytes of {@code data} values in metadata mode, lent for the call only: for allow-list
   * scanners that keep a few named facts and never the data. Calls arrive in order: {@link #data}
   * and {@link #dataLineEnd} for the event being built, then {@link #eventEnd} just before the
   * listener's {@code onEvent}, or {@link #discard} when the event is dropped (end of stream). Must
   * not throw and must not keep the bytes.
   */
  public interface DataObserver {
    /** Bytes {@code b[off, off + len)} of a {@code data} value. */
    void data(byte[] b, int off, int len);

    /**
     * The end of a {@code data} value: the LF the standard appends after each one (the final one is
     * removed at dispatch, so it is not in {@code dataBytes}).
     */
    void dataLineEnd();

    /** The event is complete: {@code dataBytes} as the listener will receive it. */
    void eventEnd(long dataBytes);

    /** The event being built was discarded without dispatch. */
    void discard();
  }

  /** Reads bytes lent for the duration of the call only; see {@link #lastEventIdUtf8}. */
  public interface Utf8Reader<R> {
    R read(byte[] utf8, int off, int len);
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

  /**
   * What the value, type and id buffers start as: a proxy holds one parser per open stream, most of
   * them idle, so they are allocated on first use ({@link #ensure}) rather than up front ("Memory
   * per open stream" in docs/architecture.md).
   */
  private static final byte[] EMPTY = new byte[0];

  /** The first allocation of a buffer: room for a typical event type or id. */
  private static final int FIRST_BUFFER = 32;

  private static final int SHRINK_ABOVE = 64 * 1024;

  // The copy buffer for direct and read-only byte buffers: first size and most (a power of two).
  private static final int FIRST_SCRATCH = 256;
  private static final int MAX_SCRATCH = 8192;

  // Where in a line that continues past the end of a read the parser is.
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
  private static final long DATA_COLON = littleEndian("data:");
  private static final long ID_COLON = littleEndian("id:");
  private static final long EVENT_COLON = littleEndian("event:");
  private static final long RETRY_COLON = littleEndian("retry:");

  private final Listener listener;
  private final MetadataListener metadataListener;
  private final boolean capturing;
  private final int maxDataBytes;
  private final int valueLimit;

  /** Sees data bytes in metadata mode; null for none (the usual case, one test per data line). */
  private final DataObserver observer;

  // Stream position: leading BOM (bytes matched so far, -1 once settled) and CR-LF pairing.
  private int bomSeen;
  private boolean skipLf;

  // A line continuing past the end of a read (whole lines use only kind and the name).
  private int state = LINE_START;
  private int kind;
  private long name;
  private int nameLen;
  private long commentLen;
  private byte[] value = EMPTY;
  private long valueLen;
  private boolean valueHasNul;

  // The retry value being read.
  private boolean retryDigits;
  private long retryValue;

  // The event being built since the last blank line.
  private boolean pending;
  private long dataCount;
  private int dataLines;
  private boolean overLimit;
  private byte[] data;
  private byte[] type = EMPTY;
  private long typeLen;
  private boolean typeIsCached;

  // The last-event-ID buffer, and the last event ID string it is committed to at a blank line.
  private byte[] id;
  private long idLen;
  private boolean idChanged;
  private String lastEventId;

  /** Whether {@link #lastEventId} lags the id buffer: decoded on demand (see MetadataListener). */
  private boolean lastEventIdStale;

  /** Changes of the last-event-ID so far. */
  private long lastEventIdVersion;

  private final boolean decodeIds;
  private long retryMillis = -1;

  // The String handed out for the previous type, reused while the type's bytes repeat.
  private byte[] cachedType = EMPTY;
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
    this.decodeIds = metadataListener == null || metadataListener.wantsLastEventIdString();
    this.observer = metadataListener == null ? null : metadataListener.dataObserver();
    this.lastEventId = initialLastEventId == null ? "" : initialLastEventId;
    this.id = lastEventId.isEmpty() ? EMPTY : lastEventId.getBytes(StandardCharsets.UTF_8);
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
      // The previous read ended in CR: an LF here completes that line ending.
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
    if (pos >= lim) {
      return;
    }
    int needed = Math.min(MAX_SCRATCH, lim - pos);
    if (scratch == null || scratch.length < needed) {
      // Sized to the reads, in powers of two: an SSE write is usually far smaller than the most a
      // copy takes at once, and the parser keeps this buffer as long as it lives.
      scratch = new byte[Math.max(FIRST_SCRATCH, Integer.highestOneBit(needed - 1) << 1)];
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
    if (bomSeen > 0) {
      // Bytes held back as a possible BOM were an unterminated line: discarded too.
      bomSeen = -1;
    }
    if (observer != null) {
      observer.discard();
    }
    resetEvent();
  }

  /** Bytes of the copy buffer for direct and read-only byte buffers: for footprint tests. */
  int scratchBytes() {
    return scratch == null ? 0 : scratch.length;
  }

  /** Bytes of the value, type and id buffers held now: for footprint tests. */
  int bufferBytes() {
    return value.length + type.length + cachedType.length + id.length;
  }

  /**
   * What a metadata parser standing at an event boundary must remember for the rest of its stream,
   * taken by {@link #suspend} and given back by {@link #resume}: the last-event-ID (its kept bytes,
   * full length, version and decoded form when there is one) and the reconnection time. Immutable.
   */
  public static final class Suspended {

    /** No id, no retry: what most streams carry, shared rather than made per stream. */
    private static final Suspended NONE = new Suspended(EMPTY, 0, 0, "", -1);

    private final byte[] id;
    private final long idLen;
    private final long idVersion;
    private final String lastEventId;
    private final long retryMillis;

    private Suspended(byte[] id, long idLen, long idVersion, String lastEventId, long retryMillis) {
      this.id = id;
      this.idLen = idLen;
      this.idVersion = idVersion;
      this.lastEventId = lastEventId;
      this.retryMillis = retryMillis;
    }
  }

  /**
   * For a caller that keeps many streams idle for long spells: when this metadata parser stands at
   * an event boundary ({@link #atEventBoundary()}, after at least one byte), returns what it must
   * remember, a few dozen bytes in place of the parser and its buffers; else {@code null}. A parser
   * made from it by {@link #resume} then reports exactly what this one would have reported. This
   * parser must not be fed after a non-null answer.
   */
  public Suspended suspend() {
    if (capturing || !atEventBoundary() || bomSeen == 0) {
      return null;
    }
    if (idLen == 0 && lastEventIdVersion == 0 && retryMillis < 0 && "".equals(lastEventId)) {
      return Suspended.NONE;
    }
    byte[] kept = idLen == 0 ? EMPTY : Arrays.copyOf(id, (int) Math.min(idLen, valueLimit));
    return new Suspended(
        kept, idLen, lastEventIdVersion, lastEventIdStale ? null : lastEventId, retryMillis);
  }

  /** A metadata-only parser going on where the one that gave {@code state} stopped. */
  public static SseParser resume(MetadataListener listener, Suspended state) {
    SseParser p = metadataOnly(listener, null);
    // Only a parser that had settled the byte order mark can be suspended.
    p.bomSeen = -1;
    // A copy: the parser overwrites its id buffer in place, and state may be resumed again.
    p.id = state.id.length == 0 ? EMPTY : state.id.clone();
    p.idLen = state.idLen;
    p.lastEventIdVersion = state.idVersion;
    p.retryMillis = state.retryMillis;
    if (state.lastEventId != null) {
      p.lastEventId = state.lastEventId;
    } else if (p.decodeIds) {
      p.lastEventId = p.string(state.id, state.idLen);
    } else {
      p.lastEventIdStale = true;
    }
    return p;
  }

  public String lastEventId() {
    if (lastEventIdStale) {
      lastEventIdStale = false;
      lastEventId = string(id, idLen);
    }
    return lastEventId;
  }

  /**
   * Counts the changes of the last-event-ID: equal versions mean the same id, so a listener can
   * keep what it derived from the id until this moves.
   */
  public long lastEventIdVersion() {
    return lastEventIdVersion;
  }

  /**
   * Hands {@code reader} the UTF-8 bytes of {@link #lastEventId()} (none when it is empty): the
   * parser's own buffer when that is exactly those bytes (ASCII and not truncated, the usual case),
   * else an encoded copy. The bytes are lent for the call only and must not be changed or kept.
   */
  public <R> R lastEventIdUtf8(Utf8Reader<R> reader) {
    int n = (int) Math.min(idLen, valueLimit);
    if (idLen <= valueLimit && isAscii(id, n)) {
      return reader.read(id, 0, n);
    }
    byte[] utf8 = lastEventId().getBytes(StandardCharsets.UTF_8);
    return reader.read(utf8, 0, utf8.length);
  }

  private static boolean isAscii(byte[] b, int n) {
    for (int i = 0; i < n; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
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

  /**
   * Lines that lie wholly in {@code b} are parsed in place; only a line cut by the end of a read
   * goes through the byte-at-a-time state machine, which buffers what it must keep.
   */
  private void parse(byte[] b, int i, int end) {
    if (state != LINE_START && i < end) {
      // The rest of a line begun in an earlier read.
      int j = ByteScans.indexOfLineEnd(b, i, end);
      partial(b, i, j);
      if (j == end) {
        return;
      }
      i = lineEnd(b, j, end, true, 0);
    }
    while (i < end) {
      int j = ByteScans.indexOfLineEnd(b, i, end);
      if (j == end) {
        // No line end in this read: the line continues in the next one.
        partial(b, i, end);
        return;
      }
      i = lineEnd(b, j, end, false, i);
    }
  }

  /**
   * The line ending at {@code b[j]} (CR or LF) is complete: apply it (from {@code b[start, j)} or,
   * for a line begun in an earlier read, from the state machine). Returns the index after the line
   * ending.
   */
  private int lineEnd(byte[] b, int j, int end, boolean continued, int start) {
    // A CR ends the line at once; an LF right after it belongs to the same line ending.
    boolean cr = b[j] == '\r';
    skipLf = cr;
    if (continued) {
      finishPartial();
    } else {
      line(b, start, j, end);
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

  /** A whole line {@code b[i, j)}; {@code end} bounds what may be read ahead. */
  private void line(byte[] b, int i, int j, int end) {
    if (i == j) {
      // An empty line: dispatch the event.
      dispatch();
      return;
    }
    if (b[i] == ':') {
      // A line starting with a colon is a comment.
      comment(j - i - 1);
      return;
    }
    int v;
    if (end - i >= 8 && knownField(ByteScans.word(b, i))) {
      // A known field name and its colon, recognised in one read (they contain no CR or LF).
      v = i + nameLen + 1;
    } else {
      int colon = i;
      while (colon < j && b[colon] != ':') {
        colon++;
      }
      // The name ends at the first colon; a line without a colon is a name with an empty value.
      name = 0;
      nameLen = 0;
      packName(b, i, colon);
      kind = fieldKind();
      v = colon < j ? colon + 1 : j;
    }
    if (v < j && b[v] == ' ') {
      // Exactly one space after the colon is not part of the value.
      v++;
    }
    int n = j - v;
    switch (kind) {
      case DATA -> {
        appendData(b, v, n);
        endDataLine();
      }
      case EVENT -> setType(b, v, Math.min(n, valueLimit), n);
      case ID -> setId(b, v, Math.min(n, valueLimit), n, ByteScans.containsNul(b, v, j));
      case RETRY -> {
        retryDigits = true;
        retryValue = 0;
        readRetryDigits(b, v, j);
        setRetry(n);
      }
      default -> {
        // Unknown fields are ignored.
      }
    }
  }

  /** Bytes {@code b[i, j)} of a line that has no line end in them. */
  private void partial(byte[] b, int i, int j) {
    while (i < j) {
      switch (state) {
        case LINE_START -> {
          if (b[i] == ':') {
            // A line starting with a colon is a comment.
            state = COMMENT;
            commentLen = 0;
            i++;
          } else {
            state = NAME;
            name = 0;
            nameLen = 0;
          }
        }
        case NAME -> {
          int colon = i;
          while (colon < j && b[colon] != ':') {
            colon++;
          }
          packName(b, i, colon);
          i = colon;
          if (colon < j) {
            // The name ends at the first colon; the value follows.
            kind = fieldKind();
            startValue();
            state = VALUE_START;
            i++;
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
          value(b, i, j);
          i = j;
        }
        default -> {
          // Comment text is counted, never kept.
          commentLen += j - i;
          i = j;
        }
      }
    }
  }

  /** Value bytes {@code [i, j)} of a field whose line spans reads. */
  private void value(byte[] b, int i, int j) {
    int n = j - i;
    switch (kind) {
      case DATA -> appendData(b, i, n);
      case EVENT -> keepValue(b, i, n);
      case ID -> {
        // id: a value containing U+0000 is ignored; only byte 0 decodes to U+0000.
        valueHasNul |= ByteScans.containsNul(b, i, j);
        keepValue(b, i, n);
      }
      case RETRY -> {
        readRetryDigits(b, i, j);
        valueLen += n;
      }
      default -> {
        // Unknown fields are ignored.
      }
    }
  }

  /** The line end of a line that spanned reads: apply it as {@link #line} applies whole lines. */
  private void finishPartial() {
    int s = state;
    state = LINE_START;
    if (s == COMMENT) {
      comment(commentLen);
      return;
    }
    if (s == NAME) {
      // A line without a colon is a field whose name is the whole line, value empty.
      kind = fieldKind();
      startValue();
    }
    switch (kind) {
      case DATA -> endDataLine();
      case EVENT -> setType(value, 0, (int) Math.min(valueLen, valueLimit), valueLen);
      case ID -> setId(value, 0, (int) Math.min(valueLen, valueLimit), valueLen, valueHasNul);
      case RETRY -> setRetry(valueLen);
      default -> {
        // Unknown fields are ignored.
      }
    }
  }

  private void startValue() {
    valueLen = 0;
    valueHasNul = false;
    retryDigits = true;
    retryValue = 0;
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

  /** data: append the value to the data buffer (only counted in metadata mode). */
  private void appendData(byte[] b, int i, int n) {
    dataCount += n;
    if (observer != null && n > 0) {
      observer.data(b, i, n);
    }
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

  /** data: then append an LF. */
  private void endDataLine() {
    pending = true;
    if (observer != null) {
      observer.dataLineEnd();
    }
    dataLines++;
    if (capturing && !overLimit && dataCount > maxDataBytes) {
      // The LF is data too unless it turns out to be the last one: what precedes it must fit.
      dropData();
    }
    dataCount++;
    if (capturing && !overLimit) {
      data = ensure(data, (int) dataCount, maxDataBytes + 1);
      data[(int) dataCount - 1] = '\n';
    }
  }

  /** event: the value becomes the event type buffer ({@code kept} of its {@code len} bytes). */
  private void setType(byte[] b, int i, int kept, long len) {
    pending = true;
    typeLen = len;
    // Most streams repeat their types: when it is the cached one, don't copy it at all.
    typeIsCached = len == cachedTypeLen && sameBytes(b, i, cachedType, kept);
    if (!typeIsCached && kept > 0) {
      type = ensure(type, kept, valueLimit);
      System.arraycopy(b, i, type, 0, kept);
    }
  }

  /** id: the value becomes the last-event-ID buffer, unless it contains U+0000. */
  private void setId(byte[] b, int i, int kept, long len, boolean nul) {
    pending = true;
    if (nul || (len == idLen && sameBytes(b, i, id, kept))) {
      return;
    }
    id = ensure(id, kept, valueLimit);
    System.arraycopy(b, i, id, 0, kept);
    idLen = len;
    idChanged = true;
  }

  /** retry: ASCII digits read so far, saturating at {@link Long#MAX_VALUE}. */
  private void readRetryDigits(byte[] b, int i, int j) {
    for (int k = i; k < j; k++) {
      int d = b[k] - '0';
      if (d < 0 || d > 9) {
        retryDigits = false;
      } else {
        retryValue = retryValue > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : retryValue * 10 + d;
      }
    }
  }

  /** retry: a value of one or more ASCII digits sets the reconnection time; else ignored. */
  private void setRetry(long len) {
    pending = true;
    if (retryDigits && len > 0) {
      retryMillis = retryValue;
    }
  }

  /** A blank line: the standard's "dispatch the event". */
  private void dispatch() {
    pending = false;
    // Step 1: the last event ID string takes the buffer's value, even if nothing is dispatched.
    if (idChanged) {
      idChanged = false;
      lastEventIdVersion++;
      if (decodeIds) {
        lastEventId = string(id, idLen);
      } else {
        lastEventIdStale = true;
      }
    }
    // Step 2: an empty data buffer (no data field) dispatches nothing; the type buffer resets.
    if (dataLines == 0) {
      resetEvent();
      return;
    }
    // Steps 3-5: final LF removed; an empty type buffer means "message".
    String t = typeLen == 0 ? DEFAULT_TYPE : typeIsCached ? cachedTypeString : newType();
    long bytes = dataCount - 1;
    int lines = dataLines;
    if (capturing) {
      boolean over = overLimit;
      String d = over ? null : Utf8.decode(data, 0, (int) bytes);
      resetEvent();
      listener.onEvent(new SseEvent(t, d, lastEventId, bytes, lines, over));
    } else {
      resetEvent();
      if (observer != null) {
        observer.eventEnd(bytes);
      }
      metadataListener.onEvent(t, decodeIds ? lastEventId : null, bytes, lines);
    }
  }

  private void comment(long length) {
    if (capturing) {
      listener.onComment(length);
    } else {
      metadataListener.onComment(length);
    }
  }

  /** A type other than the cached one: decode it and cache it instead. */
  private String newType() {
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
    typeIsCached = false;
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

  /**
   * Whether {@code n} bytes of {@code a} from {@code i} equal the first {@code n} of {@code b}.
   * Types and ids are short: a plain loop beats {@code Arrays.equals}, whose vectorized mismatch
   * cost about a fifth of the parser's time per event in profiles, up to 16 bytes.
   */
  private static boolean sameBytes(byte[] a, int i, byte[] b, int n) {
    if (n > 16) {
      return Arrays.equals(a, i, i + n, b, 0, n);
    }
    for (int k = 0; k < n; k++) {
      if (a[i + k] != b[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ensure(byte[] a, int needed, int max) {
    if (needed <= a.length) {
      return a;
    }
    long wanted = Math.max(Math.max((long) a.length * 2, needed), FIRST_BUFFER);
    int grown = (int) Math.min(wanted, Math.max(max, needed));
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
