package dev.ssewatch.agent.runtime;

import java.lang.reflect.Field;

/**
 * The object behind a container's {@code PrintWriter} that does the writing, where the writer is
 * only a front: Undertow's servlet layer hands out a {@code ServletPrintWriterDelegate} whose
 * single-argument {@code write}, {@code print} and {@code println} go straight to its {@code
 * ServletPrintWriter} (not a {@code PrintWriter}), which writes into the response buffer without
 * passing the output stream. That object's writes are the ones to read, so it is tied to the
 * exchange too. Read once per writer handed out, never on a write path.
 */
final class ContainerWriters {

  private static final String UNDERTOW_DELEGATE =
      "io.undertow.servlet.spec.ServletPrintWriterDelegate";

  private ContainerWriters() {}

  /** The writer behind {@code body}, or {@code null} when {@code body} does its own writing. */
  static Object inner(Object body) {
    Class<?> type = body.getClass();
    if (!UNDERTOW_DELEGATE.equals(type.getName())) {
      return null;
    }
    try {
      Field f = type.getDeclaredField("servletPrintWriter");
      f.setAccessible(true);
      return f.get(body);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another Undertow layout: its writes stay unread, as before
      return null;
    }
  }
}
