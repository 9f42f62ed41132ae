package dev.ssewatch.proxy.jvm;

import java.util.function.Consumer;

/**
 * What {@link MemoryReturn} asks of the JVM it runs in. An interface so that the policy can be
 * tested without changing the test JVM's own flags; {@link HotSpotControls} is the real one.
 */
interface JvmControls {

  /** Whether the heap is G1's: the flags below mean what {@link MemoryReturn} wants only there. */
  boolean g1();

  /**
   * A manageable VM flag's value, or {@code null} when the JVM has no such flag.
   *
   * @param name the flag, e.g. {@code MaxHeapFreeRatio}
   */
  Flag flag(String name);

  /** Sets a manageable flag; throws {@link IllegalArgumentException} when the JVM refuses it. */
  void set(String name, long value);

  /**
   * Asks the C library to hand free native memory back to the OS ({@code malloc_trim}).
   *
   * @return whether the platform can do it (glibc); {@code false} means never ask again
   */
  boolean trimNativeHeap();

  /**
   * Calls {@code listener} with the collector's name after each collection that may have shrunk the
   * heap (a full collection, or on JDK 20 and later the end of a concurrent cycle).
   *
   * @return what stops the notifications
   */
  AutoCloseable onHeapShrinkingGc(Consumer<String> listener);

  /**
   * A VM flag as the JVM reports it.
   *
   * @param value its value
   * @param byDefault whether nobody set it: not on the command line, not by ergonomics
   */
  record Flag(long value, boolean byDefault) {}
}
