package dev.ssewatch.agent.bootstrap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import jdk.internal.vm.annotation.DontInline;

/**
 * The body advice's calls into the agent, each kept out of line. The advice is inlined into the
 * server's own write and flush methods, some of the hottest methods of a server, and the JIT would
 * otherwise inline the agent's lookup, parser and recorder behind it into each: Tomcat's {@code
 * CoyoteOutputStream.write} compiled to 8 KB instead of 2 KB, past the size ({@code
 * InlineSmallCode}) above which HotSpot no longer inlines compiled code into its callers, so every
 * write and flush of every stream became a real call into larger code. Kept out of line, the advice
 * leaves one call on entry and one on exit in the server's method, which stays small enough to be
 * inlined where it was before.
 *
 * <p>{@code DontInline} is honoured by HotSpot for classes the boot class loader defines, which
 * this package is (the agent puts it on the bootstrap search path); elsewhere it is ignored and the
 * calls are inlined as any other.
 */
public final class BodyCalls {

  private BodyCalls() {}

  /** {@code write(byte[], int, int)} entered: the body's context, or {@code null}. */
  @DontInline
  public static BodyContext write(Object body, byte[] b, int off, int len) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onBytes(b, off, len);
    }
    return c;
  }

  /** {@code write(byte[])} entered, for a stream that does not pass it on to the above. */
  @DontInline
  public static BodyContext write(Object body, byte[] b) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onBytes(b, 0, b.length);
    }
    return c;
  }

  /** {@code write(int)} entered. */
  @DontInline
  public static BodyContext write(Object body, int b) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onByte(b);
    }
    return c;
  }

  /** {@code write(ByteBuffer)} entered: the remaining bytes are read in place. */
  @DontInline
  public static BodyContext write(Object body, ByteBuffer b) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onBytes(b);
    }
    return c;
  }

  /** A writer's {@code write(char[], int, int)} entered. */
  @DontInline
  public static BodyContext writeChars(Object body, char[] chars, int off, int len) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onChars(chars, off, len);
    }
    return c;
  }

  /** A writer's {@code write(String, int, int)} entered. */
  @DontInline
  public static BodyContext writeChars(Object body, String s, int off, int len) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onChars(s, off, len);
    }
    return c;
  }

  /** A writer's {@code write(CharBuffer)} entered: the remaining characters are read in place. */
  @DontInline
  public static BodyContext writeChars(Object body, CharBuffer chars) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onChars(chars);
    }
    return c;
  }

  /** A writer's {@code write(int)} entered. */
  @DontInline
  public static BodyContext writeChar(Object body, int ch) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null && c.enter()) {
      c.onChar(ch);
    }
    return c;
  }

  /** {@code flush()} entered. */
  @DontInline
  public static BodyContext flush(Object body) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null) {
      c.enterFlush();
    }
    return c;
  }

  /** {@code close()} entered; its end is recorded on exit. */
  @DontInline
  public static BodyContext close(Object body) {
    BodyContext c = SseHooks.CONTEXTS.get(body);
    if (c != null) {
      c.enter();
    }
    return c;
  }

  /** A write of a body with a context returned or threw. */
  @DontInline
  public static void exitWrite(BodyContext c, Throwable thrown) {
    c.exitWrite(thrown);
  }

  /** A flush of a body with a context returned or threw. */
  @DontInline
  public static void exitFlush(BodyContext c, Throwable thrown) {
    c.exitFlush(thrown);
  }

  /** A close of a body with a context returned or threw. */
  @DontInline
  public static void exitClose(BodyContext c, Throwable thrown) {
    c.exitClose(thrown);
  }
}
