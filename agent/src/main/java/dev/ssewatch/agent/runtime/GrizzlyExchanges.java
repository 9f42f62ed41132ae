package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Grizzly response ({@code HttpResponsePacket}) and its request for the agent, reflectively
 * (the agent's own classes cannot link against the application's Grizzly), once per event stream.
 * Grizzly keeps the content type and the length out of the header map until it encodes the head, so
 * they are added from their own fields.
 */
final class GrizzlyExchanges {

  private GrizzlyExchanges() {}

  static ServerExchange describe(Object response) throws ReflectiveOperationException {
    Object request = call(response, "getRequest");
    String path = String.valueOf(call(request, "getRequestURI"));
    Object query = call(request, "getQueryString");
    List<Header> responseHeaders = headers(call(response, "getHeaders"));
    Object type = call(response, "getContentType");
    if (type != null && Headers.first(responseHeaders, "Content-Type") == null) {
      responseHeaders.add(new Header("Content-Type", type.toString()));
    }
    long length = (Long) call(response, "getContentLength");
    if (length >= 0 && Headers.first(responseHeaders, "Content-Length") == null) {
      responseHeaders.add(new Header("Content-Length", Long.toString(length)));
    }
    return new ServerExchange(
        String.valueOf(call(call(request, "getMethod"), "getMethodString")),
        query == null || query.toString().isEmpty() ? path : path + "?" + query,
        headers(call(request, "getHeaders")),
        (Integer) call(response, "getStatus"),
        responseHeaders);
  }

  /** A {@code MimeHeaders}: {@code names()}, then {@code values(name)} for each. */
  private static List<Header> headers(Object mime) throws ReflectiveOperationException {
    List<Header> out = new ArrayList<>();
    for (Object name : (Iterable<?>) call(mime, "names")) {
      Object values = Reflect.call(mime, "values", String.class, name);
      for (Object v : (Iterable<?>) values) {
        out.add(new Header(String.valueOf(name), String.valueOf(v)));
      }
    }
    return out;
  }

  private static Object call(Object target, String method) throws ReflectiveOperationException {
    return Reflect.call(target, method);
  }
}
