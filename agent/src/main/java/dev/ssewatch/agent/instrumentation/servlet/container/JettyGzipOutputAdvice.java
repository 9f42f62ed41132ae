package dev.ssewatch.agent.instrumentation.servlet.container;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.SseHooks;
import java.nio.ByteBuffer;
import net.bytebuddy.asm.Advice;

/**
 * Jetty 12's {@code GzipBufferCB.write(boolean, ByteBuffer)}: compressed bytes of a response leave
 * {@code GzipHandler}'s compressor for the connection. The agent's key is the handler's response
 * wrapper ({@code GzipResponseAndCallback}, the callback's enclosing instance), tied to a servlet
 * exchange whose event stream it may compress. Read at entry: the buffer is the connection's from
 * then on.
 */
public final class JettyGzipOutputAdvice {

  private JettyGzipOutputAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.FieldValue("this$0") Object gzipResponse, @Advice.Argument(1) ByteBuffer out) {
    BodyContext c = SseHooks.context(gzipResponse);
    if (c != null && out != null) {
      c.onCompressedBytes(out.remaining());
    }
  }
}
