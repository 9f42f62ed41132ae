package dev.ssewatch.agent.installer;

import java.io.OutputStream;

/**
 * A body stream shaped like the ones the agent advises, never instantiated: its class file is what
 * {@link TypeAdvisor#warmUp} advises and throws away, so that Byte Buddy's classes are loaded and
 * initialised on the warm-up thread rather than on the application's, when its first server class
 * loads.
 */
final class WarmUpTarget extends OutputStream {

  private int written;

  private WarmUpTarget() {}

  @Override
  public void write(byte[] b, int off, int len) {
    written += len;
  }

  @Override
  public void write(int b) {
    written++;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  int written() {
    return written;
  }

  /** A lambda, so that the class reads as one with a bootstrap method table, as most do. */
  Runnable reset() {
    return () -> written = 0;
  }
}
