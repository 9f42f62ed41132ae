package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.ServerHooks;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agent's side of {@link ServerHooks}: a committed response that is an event stream becomes a
 * {@link ServerResponseStream}; every other response is left alone. Swallows its own failures.
 */
public final class ServerStreamHooks implements ServerHooks {

  private final StreamRecorders recorders;
  private final RecordingWarmUp warmUp;

  public ServerStreamHooks(StreamRecorders recorders, RecordingWarmUp warmUp) {
    this.recorders = recorders;
    this.warmUp = warmUp;
  }

  @Override
  public BodyContext start(
      Object key,
      String family,
      Object exchange,
      String method,
      String url,
      Iterable<? extends Map.Entry<?, ?>> requestHeaders,
      int status,
      Iterable<? extends Map.Entry<?, ?>> responseHeaders) {
    try {
      long now = System.nanoTime();
      BodyContext previous = SseHooks.CONTEXTS.get(key);
      if (previous instanceof ServerResponseStream) {
        // A body object reused for a new response: the previous one is over.
        ((ServerResponseStream) previous).end(CloseReason.COMPLETED);
      }
      ServerExchange x =
          method == null
              ? describe(family, exchange)
              : new ServerExchange(
                  method, url, flatten(requestHeaders), status, flatten(responseHeaders));
      if (x == null || x.status() < 200) {
        return null;
      }
      if (!Headers.isEventStream(Headers.first(x.responseHeaders(), "Content-Type"))) {
        return null;
      }
      if ("undertow".equals(family) && UndertowExchanges.servesServlet(exchange)) {
        // Undertow's servlet layer: the servlet instrumentation records this exchange.
        return null;
      }
      if ("undertow".equals(family) && UndertowExchanges.encodesAtCommit(exchange)) {
        // Its EncodingHandler decides the coding, and adds its header, when the response commits.
        ServerResponseStream s = ServerResponseStream.holding(recorders, exchange, now);
        s.bind(key);
        warmUp.start();
        return s;
      }
      StreamRecorder r = recorders.begin(x.method(), x.url(), null, x.requestHeaders(), now, true);
      r.onResponseHeaders(x.status(), x.responseHeaders(), now);
      ServerResponseStream s = new ServerResponseStream(r);
      s.bind(key);
      if ("undertow".equals(family)) {
        // A compressor set up as the response committed, just before this start.
        UndertowExchanges.compressorSetUp(exchange, s);
      }
      if ("helidon".equals(family)) {
        // The sink writes each event straight to the connection's socket writer.
        s.bind(HelidonExchanges.dataWriter(exchange));
      }
      warmUp.start();
      return s;
    } catch (Throwable t) {
      return null;
    }
  }

  /** The exchange of a family whose advice leaves the reading to the agent, or null. */
  private static ServerExchange describe(String family, Object exchange)
      throws ReflectiveOperationException {
    if (exchange == null) {
      return null;
    }
    switch (family) {
      case "undertow":
        return UndertowExchanges.describe(exchange);
      case "grizzly":
        return GrizzlyExchanges.describe(exchange);
      case "helidon":
        return HelidonExchanges.describe(exchange);
      case "helidon-output":
        return HelidonExchanges.describeOutput(exchange);
      default:
        return null;
    }
  }

  @Override
  public void bind(Object alias, BodyContext context) {
    try {
      if (context instanceof ServerResponseStream) {
        ((ServerResponseStream) context).bind(alias);
      }
    } catch (Throwable t) {
      // never into the application
    }
  }

  @Override
  public void committed(String family, Object exchange, Object compressorOutput) {
    try {
      if ("undertow".equals(family)) {
        UndertowExchanges.committed(exchange, compressorOutput);
      }
    } catch (Throwable t) {
      // never into the application
    }
  }

  @Override
  public boolean streamReset(String family, Object connection) {
    try {
      return "undertow".equals(family) && UndertowExchanges.streamReset(connection);
    } catch (Throwable t) {
      return false; // never into the application
    }
  }

  @Override
  public void bufferData(BodyContext context, Object buffer) {
    try {
      HelidonExchanges.read(context, buffer);
    } catch (Throwable t) {
      // never into the application
    }
  }

  /** Header entries whose values are strings or iterables of strings, one header per value. */
  static List<Header> flatten(Iterable<? extends Map.Entry<?, ?>> entries) {
    List<Header> out = new ArrayList<>();
    if (entries == null) {
      return out;
    }
    for (Map.Entry<?, ?> e : entries) {
      String name = String.valueOf(e.getKey());
      Object value = e.getValue();
      if (value instanceof Iterable<?>) {
        for (Object v : (Iterable<?>) value) {
          out.add(new Header(name, String.valueOf(v)));
        }
      } else if (value != null) {
        out.add(new Header(name, String.valueOf(value)));
      }
    }
    return out;
  }
}
