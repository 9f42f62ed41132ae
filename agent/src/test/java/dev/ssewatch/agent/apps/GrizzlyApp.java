package dev.ssewatch.agent.apps;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.io.NIOOutputStream;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * Grizzly's HTTP server: Jersey (its standalone container) at {@code /jersey/*} and a plain Grizzly
 * {@code HttpHandler} at {@code /sse/*}.
 */
public final class GrizzlyApp {

  private GrizzlyApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server =
        GrizzlyHttpServerFactory.createHttpServer(
            URI.create("http://127.0.0.1:0/"), new ResourceConfig(JerseySseResource.class), false);
    server.getServerConfiguration().addHttpHandler(new SseHandler(), "/sse");
    server.start();
    SseScenario.announce(server.getListeners().iterator().next().getPort());
    Thread.currentThread().join();
  }

  /** The scenarios on Grizzly's own handler API. */
  static final class SseHandler extends HttpHandler {

    @Override
    public void service(Request request, Response response) throws Exception {
      String path = request.getRequestURI();
      String n0 = request.getParameter("n");
      int n = n0 == null ? 5 : Integer.parseInt(n0);
      OutputStream out = response.getOutputStream();
      switch (path) {
        case "/sse/plain":
          response.setContentType("text/plain");
          out.write("not an event stream".getBytes(StandardCharsets.UTF_8));
          return;
        case "/sse/stream":
          eventStream(response);
          SseScenario.writeFlushed(out, n, 10);
          return;
        case "/sse/content-length":
          byte[] body = SseScenario.allEvents(n);
          eventStream(response);
          response.setContentLength(body.length);
          out.write(body);
          out.flush();
          return;
        case "/sse/hold":
          eventStream(response);
          SseScenario.writeHeld(out, n, 300);
          return;
        case "/sse/grizzly-buffer":
          // Grizzly's own buffer type: heap buffers and direct ones (without an array), in turn.
          eventStream(response);
          NIOOutputStream nio = response.getNIOOutputStream();
          for (int i = 1; i <= n; i++) {
            byte[] event = SseScenario.eventBytes(SseScenario.canary(), i);
            nio.write(
                i % 2 == 1
                    ? Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, event)
                    : Buffers.wrap(
                        MemoryManager.DEFAULT_MEMORY_MANAGER,
                        ByteBuffer.allocateDirect(event.length).put(event).flip()));
            nio.flush();
            Thread.sleep(10);
          }
          return;
        case "/sse/forever":
          eventStream(response);
          SseScenario.writeUntilAborted(out, 50);
          return;
        default:
          response.sendError(404);
      }
    }

    private static void eventStream(Response response) throws IOException {
      response.setContentType("text/event-stream");
      response.setCharacterEncoding("UTF-8");
      response.setHeader("Cache-Control", "no-cache");
      response.setHeader("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
    }
  }
}
