package dev.ssewatch.agent.instrumentation.grizzly;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import net.bytebuddy.asm.Advice;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.http.HttpHeader;

/**
 * {@code OutputBuffer.writeBuffer(Buffer)}, Grizzly's own buffer type (what {@code
 * NIOOutputStream.write(Buffer)} passes on): its remaining bytes, read through a duplicate, since
 * {@code Buffer.toByteBuffer()} resets the position of a view the buffer keeps and shares. The
 * first write of an event stream starts its record; other responses cost a lookup and a read of the
 * content type per write.
 */
public final class WriteBufferAdvice {

  private WriteBufferAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object out,
      @Advice.FieldValue("outputHeader") HttpHeader response,
      @Advice.Argument(0) Buffer b) {
    BodyContext c =
        ServerStreams.contextOrStart(out, "grizzly", response, response.getContentType());
    if (c != null && c.enter()) {
      c.onBytes(b.duplicate().toByteBuffer());
    }
    return c;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter BodyContext c, @Advice.Thrown Throwable thrown) {
    if (c != null) {
      c.exitWrite(thrown);
    }
  }
}
