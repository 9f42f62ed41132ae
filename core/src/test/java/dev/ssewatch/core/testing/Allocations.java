package dev.ssewatch.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates per run of a step, once the step is warm. */
public final class Allocations {

  /** Runs of the step to warm it up, then runs measured. */
  public static final int ROUNDS = 20_000;

  private Allocations() {}

  /**
   * Runs {@code round} {@link #ROUNDS} times to warm it up (the JIT's escape analysis is what makes
   * most hot paths allocation-free), then {@link #ROUNDS} times counted; skips the test where the
   * JVM has no per-thread allocation counters.
   */
  public static long perRound(Runnable round) {
    assumeTrue(
        ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
        "needs per-thread allocation counters");
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assumeTrue(mx.isThreadAllocatedMemorySupported(), "needs per-thread allocation counters");
    mx.setThreadAllocatedMemoryEnabled(true);
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < ROUNDS; i++) {
      round.run();
    }
    long before = mx.getThreadAllocatedBytes(thread);
    for (int i = 0; i < ROUNDS; i++) {
      round.run();
    }
    long after = mx.getThreadAllocatedBytes(thread);
    return (after - before) / ROUNDS;
  }
}
