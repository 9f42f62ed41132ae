package dev.ssewatch.proxy.sse;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.List;

/** Taps that record each exchange with core's stream recorder, in metadata mode. */
public final class RecorderTaps implements StreamTaps {

  /**
   * Backend bytes usually sit in direct buffers; they are copied through one array per event-loop
   * thread rather than one per stream (see "Memory per open stream" in docs/architecture.md).
   */
  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[8192];
        }
      };

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
    public void onBytes(ByteBuf bytes, long nanoTime) {
      int from = bytes.readerIndex();
      int len = bytes.readableBytes();
      if (bytes.hasArray()) {
        recorder.onBytes(bytes.array(), bytes.arrayOffset() + from, len, nanoTime);
        return;
      }
      byte[] scratch = SCRATCH.get();
      for (int done = 0; done < len; ) {
        int n = Math.min(scratch.length, len - done);
        bytes.getBytes(from + done, scratch, 0, n);
        recorder.onBytes(scratch, 0, n, nanoTime);
        done += n;
      }
    }

    @Override
    public String backendTraceparent() {
      return recorder.backendTraceparent();
    }

    @Override
    public boolean continuesClientTrace() {
      return recorder.continuesCallersTrace();
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

    @Override
    public void onEnd(CloseReason reason, String detail, long nanoTime) {
      recorder.onEnd(reason, detail, nanoTime);
    }
  }
}
