package dev.ssewatch.agent.instrumentation.grizzly;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerStreams;
import net.bytebuddy.asm.Advice;
import org.glassfish.grizzly.http.HttpHeader;

/**
 * {@code OutputBuffer.write(String, int, int)}. The first write of an event stream starts its
 * record; other responses cost a lookup and a read of the content type per write.
 */
public final class WriteStringAdvice {

  private WriteStringAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static BodyContext enter(
      @Advice.This Object buffer,
      @Advice.FieldValue("outputHeader") HttpHeader response,
      @Advice.Argument(0) String s,
      @Advice.Argument(1) int off,
      @Advice.Argument(2) int len) {
    BodyContext c =
        ServerStreams.contextOrStart(buffer, "grizzly", response, response.getContentType());
    if (c != null && c.enter()) {
      c.onChars(s, off, len);
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
