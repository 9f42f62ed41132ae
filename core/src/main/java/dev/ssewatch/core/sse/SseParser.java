package dev.ssewatch.core.sse;

import java.nio.ByteBuffer;

/** Placeholder: the parser is being written against the API documented in docs/parser.md. */
public final class SseParser {

  /** Receives whole events, data included. */
  public interface Listener {
    void onEvent(SseEvent event);

    /**
     * A comment line ({@code :…}), {@code length} bytes after the colon. Heartbeats are comments.
     */
    default void onComment(long length) {}
  }

  public SseParser(Listener listener) {
    throw new UnsupportedOperationException();
  }

  public void feed(byte[] buf, int off, int len) {}

  public void feed(ByteBuffer buf) {}

  public void end() {}

  public String lastEventId() {
    return "";
  }

  public long retryMillis() {
    return -1;
  }
}
