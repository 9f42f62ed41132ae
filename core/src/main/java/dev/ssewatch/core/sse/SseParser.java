package dev.ssewatch.core.sse;

import java.nio.ByteBuffer;

/**
 * Placeholder with the parser's public API; the implementation follows the WHATWG HTML standard,
 * "Interpreting an event stream".
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

  /** A capturing parser with the default limit and no initial last-event-ID. */
  public SseParser(Listener listener) {
    throw new UnsupportedOperationException();
  }

  /** A capturing parser for a stream reconnected with {@code Last-Event-ID: initialLastEventId}. */
  public SseParser(Listener listener, String initialLastEventId) {
    throw new UnsupportedOperationException();
  }

  /**
   * A capturing parser; events whose data exceeds {@code maxDataBytes} arrive with {@code
   * overLimit}.
   */
  public static SseParser capturing(
      Listener listener, int maxDataBytes, String initialLastEventId) {
    throw new UnsupportedOperationException();
  }

  /** A metadata-only parser: never copies or decodes data bytes; O(1) memory. */
  public static SseParser metadataOnly(MetadataListener listener, String initialLastEventId) {
    throw new UnsupportedOperationException();
  }

  /** Parses {@code len} bytes of {@code buf} from {@code off}. */
  public void feed(byte[] buf, int off, int len) {}

  /** Parses the buffer's remaining bytes; its position and limit are left unchanged. */
  public void feed(ByteBuffer buf) {}

  /** End of stream: an event without its terminating blank line is discarded. */
  public void end() {}

  public String lastEventId() {
    return "";
  }

  /** The reconnection time the stream asked for, or -1 while never set. */
  public long retryMillis() {
    return -1;
  }

  /**
   * Whether the bytes fed so far end exactly at an event boundary: at the start of a line, with no
   * field of an undispatched event pending and no CR awaiting a possible LF. Only here may a proxy
   * insert a heartbeat comment without changing what the client parses.
   */
  public boolean atEventBoundary() {
    return true;
  }
}
