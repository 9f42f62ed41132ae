package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.http.Header;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;

/**
 * Reads request and response metadata through the Servlet API of the application's own class
 * loader. The agent's class loader cannot link against that API, so it goes through reflection,
 * once per event stream (never per write); nothing is cached, so nothing pins the application. The
 * one call made on writes, {@code isCommitted()} while a stream waits for its commit, goes through
 * a method handle kept with the response class.
 */
final class ServletReflection {

  /**
   * {@code isCommitted()} of each response class, of exact type {@code (Object)boolean}, or null.
   */
  private static final ClassValue<MethodHandle> IS_COMMITTED =
      new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          return Handles.virtual(
              type, "isCommitted", MethodType.methodType(boolean.class, Object.class));
        }
      };

  private ServletReflection() {}

  static String contentType(Object response, String ns) throws ReflectiveOperationException {
    return (String) call(response, ns + ".ServletResponse", "getContentType");
  }

  /** {@code ServletResponse.isCommitted()}; {@code false} when the response class has none. */
  static boolean isCommitted(Object response) throws Throwable {
    MethodHandle h = IS_COMMITTED.get(response.getClass());
    return h != null && (boolean) h.invokeExact(response);
  }

  static String method(Object request, String ns) throws ReflectiveOperationException {
    return (String) call(request, ns + ".http.HttpServletRequest", "getMethod");
  }

  static String url(Object request, String ns) throws ReflectiveOperationException {
    String uri = (String) call(request, ns + ".http.HttpServletRequest", "getRequestURI");
    String query = (String) call(request, ns + ".http.HttpServletRequest", "getQueryString");
    return query == null ? uri : uri + "?" + query;
  }

  static List<Header> requestHeaders(Object request, String ns)
      throws ReflectiveOperationException {
    Class<?> api = api(request, ns + ".http.HttpServletRequest");
    Method values = api.getMethod("getHeaders", String.class);
    List<Header> out = new ArrayList<>();
    Enumeration<?> names = (Enumeration<?>) api.getMethod("getHeaderNames").invoke(request);
    while (names != null && names.hasMoreElements()) {
      String name = (String) names.nextElement();
      Enumeration<?> vs = (Enumeration<?>) values.invoke(request, name);
      while (vs != null && vs.hasMoreElements()) {
        out.add(new Header(name, String.valueOf(vs.nextElement())));
      }
    }
    return out;
  }

  static int status(Object response, String ns) throws ReflectiveOperationException {
    return (Integer) call(response, ns + ".http.HttpServletResponse", "getStatus");
  }

  /**
   * The response headers set so far; {@code Content-Type} and {@code Content-Length} (the {@code
   * contentLength} the application set, or -1) are added when the container keeps them apart from
   * the other headers until commit (Tomcat does).
   */
  static List<Header> responseHeaders(Object response, String ns, long contentLength)
      throws ReflectiveOperationException {
    Class<?> api = api(response, ns + ".http.HttpServletResponse");
    Method values = api.getMethod("getHeaders", String.class);
    List<Header> out = new ArrayList<>();
    boolean hasContentType = false;
    boolean hasContentLength = false;
    Collection<?> names = (Collection<?>) api.getMethod("getHeaderNames").invoke(response);
    for (Object n : names) {
      String name = (String) n;
      hasContentType |= name.equalsIgnoreCase("Content-Type");
      hasContentLength |= name.equalsIgnoreCase("Content-Length");
      for (Object v : (Collection<?>) values.invoke(response, name)) {
        out.add(new Header(name, String.valueOf(v)));
      }
    }
    if (!hasContentType) {
      String ct = (String) api.getMethod("getContentType").invoke(response);
      if (ct != null) {
        out.add(new Header("Content-Type", ct));
      }
    }
    if (!hasContentLength && contentLength >= 0) {
      out.add(new Header("Content-Length", Long.toString(contentLength)));
    }
    return out;
  }

  private static Object call(Object target, String apiName, String method)
      throws ReflectiveOperationException {
    return api(target, apiName).getMethod(method).invoke(target);
  }

  private static Class<?> api(Object target, String apiName) throws ClassNotFoundException {
    return Class.forName(apiName, false, target.getClass().getClassLoader());
  }
}
