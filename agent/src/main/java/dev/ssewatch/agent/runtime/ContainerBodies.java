package dev.ssewatch.agent.runtime;

/**
 * The object below a servlet body that the agent reads as well, where a container's servlet layer
 * is a front on a server the agent also instruments or on a writer it would not see. Tying that
 * object to the servlet exchange makes its writes, flushes and end count for the exchange, once:
 * inside a servlet write they are nested and not counted again, and the server's own
 * instrumentation finds the exchange instead of starting a second record. Read once per body handed
 * out, never on a write path.
 *
 * <ul>
 *   <li>Undertow's servlet writer is a {@code ServletPrintWriterDelegate} whose {@code print},
 *       {@code println} and one-argument {@code write} go straight to its {@code
 *       ServletPrintWriter} (not a {@code PrintWriter}), which fills the response buffer without
 *       passing the output stream.
 *   <li>Grizzly's servlet response writes to the Grizzly response's {@code OutputBuffer}, which the
 *       Grizzly instrumentation reads; Grizzly also finishes the response there (its {@code
 *       close()} after the servlet returns, committing a response never flushed).
 * </ul>
 */
final class ContainerBodies {

  private static final String UNDERTOW_WRITER =
      "io.undertow.servlet.spec.ServletPrintWriterDelegate";
  private static final String GRIZZLY_RESPONSE =
      "org.glassfish.grizzly.servlet.HttpServletResponseImpl";

  private ContainerBodies() {}

  /** The object below {@code body} of {@code response}, or {@code null} when there is none. */
  static Object inner(Object response, Object body) {
    try {
      if (UNDERTOW_WRITER.equals(body.getClass().getName())) {
        return Reflect.field(body, "servletPrintWriter");
      }
      if (response != null && GRIZZLY_RESPONSE.equals(response.getClass().getName())) {
        Object grizzlyResponse = Reflect.field(response, "response");
        return grizzlyResponse == null ? null : Reflect.call(grizzlyResponse, "getOutputBuffer");
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // another layout: the body is read as before
    }
    return null;
  }
}
