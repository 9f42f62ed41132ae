package dev.ssewatch.proxy.sse;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import java.nio.ByteBuffer;
import java.util.List;

/** Taps that record each exchange with core's stream recorder, in metadata mode. */
public final class RecorderTaps implements StreamTaps {

  private final StreamRecorders recorders;

  public RecorderTaps(StreamRecorders recorders) {
    this.recorders = recorders;
  }

  @Override
  public StreamTap begin(
      String method, String url, String route, List<Header> requestHeaders, long startNanos) {
    // The proxy knows when each write reaches the client socket, so event records carry the
    // proxy's own hold time.
    return new RecorderTap(recorders.begin(method, url, route, requestHeaders, startNanos, true));
  }

  /** Adapts one recorder; every call is a straight delegation. */
  private record RecorderTap(StreamRecorder recorder) implements StreamTap {

    @Override
    public void onResponseHeaders(int status, List<Header> headers, long nanoTime) {
      recorder.onResponseHeaders(status, headers, nanoTime);
    }

    @Override
    public void onBytes(ByteBuffer bytes, long nanoTime) {
      recorder.onBytes(bytes, nanoTime);
    }

    @Override
    public void onWireWrite(long nanoTime) {
      recorder.onWireWrite(nanoTime);
    }

    @Override
    public void onHeartbeat(long nanoTime) {
      recorder.onHeartbeat(nanoTime);
    }

    @Override
    public boolean atEventBoundary() {
      return recorder.atEventBoundary();
    }

    @Override
    public void onEnd(CloseReason reason, long nanoTime) {
      recorder.onEnd(reason, nanoTime);
    }
  }
}
