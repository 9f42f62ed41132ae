package dev.ssewatch.core.stream;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import java.nio.ByteBuffer;
import java.util.List;

/** Placeholder: replaced by the real implementation (see docs/recorder.md). */
public final class StreamRecorder {

  private StreamRecorder() {}

  public String streamId() {
    throw new UnsupportedOperationException();
  }

  public void onResponseHeaders(int status, List<Header> headers, long nanoTime) {}

  public void onBytes(byte[] buf, int off, int len, long nanoTime) {}

  public void onBytes(ByteBuffer buf, long nanoTime) {}

  public void onWireWrite(long nanoTime) {}

  public void onHeartbeat(long nanoTime) {}

  public boolean atEventBoundary() {
    return true;
  }

  public void onEnd(CloseReason reason, long nanoTime) {}
}
