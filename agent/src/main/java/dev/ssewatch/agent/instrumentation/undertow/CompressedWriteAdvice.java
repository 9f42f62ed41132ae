package dev.ssewatch.agent.instrumentation.undertow;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * {@code DeflatingStreamSinkConduit.performFlushIfRequiredSingleBuffer()} and {@code
 * …AdditionalBuffer()}: the only places its coded bytes (the gzip header, the deflater's output
 * including each {@code SYNC_FLUSH}, the trailer) go to the next conduit, from its buffer and, at
 * the end, a trailer that did not fit. The bytes taken are those the buffers lost: all of them when
 * it returns {@code true} (it then clears them), otherwise what the next conduit accepted. Once the
 * conduit is shut down and has put its trailer out ({@code SHUTDOWN} and {@code WRITTEN_TRAILER} in
 * its {@code state}), a write that took everything was its last: the coded body is complete, which
 * the stream hears as the container completing the response. Other responses cost a lookup per
 * buffer written.
 */
public final class CompressedWriteAdvice {

  /** {@code SHUTDOWN | WRITTEN_TRAILER} of {@code DeflatingStreamSinkConduit.state}. */
  private static final int ENDED = 1 | 1 << 5;

  private CompressedWriteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object conduit,
      @Advice.FieldValue("currentBuffer") PooledByteBuffer current,
      @Advice.FieldValue("trailerBuffer") ByteBuffer trailer,
      @Advice.Local("pending") long pending) {
    BodyContext c = SseHooks.context(conduit);
    pending =
        c == null
            ? 0
            : current.getBuffer().remaining() + (trailer == null ? 0 : trailer.remaining());
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter BodyContext c,
      @Advice.Return boolean written,
      @Advice.FieldValue("currentBuffer") PooledByteBuffer current,
      @Advice.FieldValue("trailerBuffer") ByteBuffer trailer,
      @Advice.FieldValue("state") int state,
      @Advice.Local("pending") long pending) {
    if (c != null) {
      long left =
          written || current == null
              ? 0
              : current.getBuffer().remaining() + (trailer == null ? 0 : trailer.remaining());
      if (pending > left) {
        c.onCompressedBytes((int) (pending - left));
      }
      if (written && (state & ENDED) == ENDED) {
        c.onContainerCompleted(null);
      }
    }
  }
}
