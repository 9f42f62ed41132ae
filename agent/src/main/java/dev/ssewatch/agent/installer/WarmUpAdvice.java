package dev.ssewatch.agent.installer;

import net.bytebuddy.asm.Advice;

/**
 * Advice for {@link WarmUpTarget}, never run: it asks Byte Buddy for the same kinds of mapping as
 * the agent's real advice (this, arguments, fields, locals, the enter value, the return value and
 * what was thrown), so that advising the target loads what advising a server's class would.
 */
final class WarmUpAdvice {

  private WarmUpAdvice() {}

  /** For {@code write(byte[], int, int)}. */
  static final class Bytes {

    private Bytes() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static Object enter(
        @Advice.This Object body,
        @Advice.Argument(0) byte[] b,
        @Advice.Argument(2) int len,
        @Advice.FieldValue("written") int written,
        @Advice.Local("seen") int seen) {
      seen = written + len;
      return b.length > seen ? body : null;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(
        @Advice.Enter Object entered,
        @Advice.Local("seen") int seen,
        @Advice.Thrown Throwable thrown) {
      if (entered == null && thrown != null && seen < 0) {
        throw new IllegalStateException();
      }
    }
  }

  /** For {@code written()}. */
  static final class Returned {

    private Returned() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit(@Advice.Return int written) {
      if (written < 0) {
        throw new IllegalStateException();
      }
    }
  }
}
