package dev.ssewatch.agent.runtime;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.Hooks;
import dev.ssewatch.agent.bootstrap.SseHooks;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import java.io.IOException;
import java.util.Map;

/** The agent's side of the bootstrap bridge; every method swallows its own failures. */
public final class AgentHooks implements Hooks {

  private final StreamRecorders recorders;
  private final RecordingWarmUp warmUp;

  public AgentHooks(StreamRecorders recorders, RecordingWarmUp warmUp) {
    this.recorders = recorders;
    this.warmUp = warmUp;
  }

  @Override
  public Object servletEnter(
      Object request, Object response, boolean newRequest, String namespace) {
    try {
      BodyContext existing = SseHooks.CONTEXTS.get(response);
      if (existing instanceof ServletStream) {
        ServletStream s = (ServletStream) existing;
        synchronized (s) {
          if (s.inService) {
            return null; // forward, include: the outer call owns the exchange
          }
          if (!newRequest && !s.ended()) {
            s.inService = true; // an async dispatch of the same exchange
            return s;
          }
        }
        // A recycled response whose previous exchange never told us it ended.
        s.end(CloseReason.COMPLETED);
      }
      ServletStream s =
          new ServletStream(recorders, warmUp, request, response, namespace, System.nanoTime());
      s.inService = true;
      SseHooks.CONTEXTS.put(response, s);
      return s;
    } catch (Throwable t) {
      return null;
    }
  }

  @Override
  public void servletExit(Object token, boolean asyncStarted, Throwable thrown) {
    try {
      ServletStream s = (ServletStream) token;
      synchronized (s) {
        s.inService = false;
      }
      if (thrown != null) {
        s.end(
            thrown instanceof IOException ? CloseReason.CLIENT_ABORT : CloseReason.UPSTREAM_ABORT);
      } else if (!asyncStarted) {
        s.applicationDone();
      }
    } catch (Throwable t) {
      // never into the application
    }
  }

  @Override
  public void servletBody(Object response, Object body, String contentType) {
    try {
      BodyContext c = SseHooks.CONTEXTS.get(response);
      if (c instanceof ServletStream) {
        ((ServletStream) c).attachBody(body, contentType);
      }
    } catch (Throwable t) {
      // never into the application
    }
  }

  @Override
  public void servletContentLength(Object response, long length) {
    try {
      BodyContext c = SseHooks.CONTEXTS.get(response);
      if (c instanceof ServletStream) {
        ((ServletStream) c).contentLength(length);
      }
    } catch (Throwable t) {
      // never into the application
    }
  }

  @Override
  public void servletComplete(Object response) {
    try {
      BodyContext c = SseHooks.CONTEXTS.get(response);
      if (c instanceof ServletStream) {
        ((ServletStream) c).applicationDone();
      }
    } catch (Throwable t) {
      // never into the application
    }
  }

  @Override
  public void tomcatCompressor(Object response, Object output) {
    try {
      TomcatCompressor.attach(response, output);
    } catch (Throwable t) {
      // never into the application
    }
  }

  @Override
  public void nettyRequest(
      Object channel,
      String method,
      String uri,
      Iterable<? extends Map.Entry<String, String>> headers) {
    try {
      BodyContext c = SseHooks.CONTEXTS.get(channel);
      NettyConnection conn;
      if (c instanceof NettyConnection) {
        conn = (NettyConnection) c;
      } else {
        conn = new NettyConnection(recorders, warmUp);
        SseHooks.CONTEXTS.put(channel, conn);
      }
      conn.onRequest(method, uri, headers, System.nanoTime());
    } catch (Throwable t) {
      // never into the application
    }
  }
}
