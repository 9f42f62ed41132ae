package dev.ssewatch.core.stream;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Placeholder with the recorder's public API. One recorder per observed HTTP exchange, created by
 * {@link StreamRecorders#begin}. All methods are thread-safe and never throw; times are {@link
 * dev.ssewatch.core.time.TimeSource#nanoTime()} readings from the recorder's time source.
 */
public final class StreamRecorder {

  private StreamRecorder() {}

  public String streamId() {
    throw new UnsupportedOperationException();
  }

  /** The response line and headers: emits {@code stream_start} and the header risk alerts. */
  public void onResponseHeaders(int status, List<Header> headers, long nanoTime) {}

  /**
   * Response body bytes as they pass: from the backend (proxy) or as the application writes them
   * (agent). Event streams are parsed in metadata mode; the bytes are neither kept nor changed.
   */
  public void onBytes(byte[] buf, int off, int len, long nanoTime) {}

  /** As {@link #onBytes(byte[], int, int, long)}; the buffer's position is left unchanged. */
  public void onBytes(ByteBuffer buf, long nanoTime) {}

  /**
   * Everything passed to {@code onBytes} so far has reached the client socket (proxy: the write
   * completed; agent: the flush returned). Callers that never know this don't call it.
   */
  public void onWireWrite(long nanoTime) {}

  /** The proxy injected a heartbeat comment. */
  public void onHeartbeat(long nanoTime) {}

  /** Whether a heartbeat may be inserted now without splitting an event. */
  public boolean atEventBoundary() {
    return true;
  }

  /** The exchange ended; emits {@code stream_end}. Later calls are ignored. */
  public void onEnd(CloseReason reason, long nanoTime) {}

  /** Live metadata for admin pages. */
  public StreamSnapshot snapshot(long nanoTime) {
    throw new UnsupportedOperationException();
  }
}
