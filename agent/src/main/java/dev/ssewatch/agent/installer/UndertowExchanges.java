package dev.ssewatch.agent.installer;

import java.lang.reflect.Field;
import java.util.Map;

/**
 * Tells an Undertow exchange served by Undertow's servlet layer from one served by a core handler.
 * The servlet layer keeps a {@code ServletRequestContext} among the exchange's attachments; it is
 * looked for by class name in the attachment map (read reflectively: the servlet module may be
 * invisible to the core's class loader, as in WildFly's modular class loading). Asked once per
 * event stream.
 */
final class UndertowExchanges {

  private static final String SERVLET_CONTEXT =
      "io.undertow.servlet.handlers.ServletRequestContext";

  /** The attachment map field of each exchange class's {@code AbstractAttachable}, or null. */
  private static final ClassValue<Field> ATTACHMENTS =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("io.undertow.util.AbstractAttachable")) {
              try {
                Field f = c.getDeclaredField("attachments");
                f.setAccessible(true);
                return f;
              } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
              }
            }
          }
          return null;
        }
      };

  private UndertowExchanges() {}

  static boolean servesServlet(Object exchange) {
    if (exchange == null) {
      return false;
    }
    Field f = ATTACHMENTS.get(exchange.getClass());
    if (f == null) {
      return false;
    }
    try {
      Object map = f.get(exchange);
      if (map instanceof Map<?, ?>) {
        for (Object value : ((Map<?, ?>) map).values()) {
          if (value != null && value.getClass().getName().equals(SERVLET_CONTEXT)) {
            return true;
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // unreadable: treated as a core exchange
    }
    return false;
  }
}
