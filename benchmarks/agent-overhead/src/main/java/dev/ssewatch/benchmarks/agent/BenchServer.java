package dev.ssewatch.benchmarks.agent;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.locks.LockSupport;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * The measured server: embedded Tomcat 10.1 with one SSE servlet writing {@code n} events as fast
 * as it can, each flushed, each carrying its write time ({@code System.nanoTime()}, which on Linux
 * is comparable across processes) so the client can measure per-event latency.
 */
public final class BenchServer {

  private BenchServer() {}

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    File base = Files.createTempDirectory("bench-tomcat").toFile();
    tomcat.setBaseDir(base.getAbsolutePath());
    tomcat.setHostname("127.0.0.1");
    tomcat.setPort(0);
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context ctx = tomcat.addContext("", null);
    Wrapper w = Tomcat.addServlet(ctx, "sse", new SseServlet());
    w.setAsyncSupported(true);
    ctx.addServletMappingDecoded("/sse", "sse");
    tomcat.start();
    System.out.println("LISTENING " + tomcat.getConnector().getLocalPort());
    System.out.flush();
    tomcat.getServer().await();
  }

  private static final class SseServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      int n = Integer.parseInt(req.getParameter("n"));
      long pauseNanos = Long.parseLong(req.getParameter("pauseNanos"));
      resp.setContentType("text/event-stream");
      resp.setHeader("Cache-Control", "no-cache");
      OutputStream out = resp.getOutputStream();
      for (int i = 1; i <= n; i++) {
        String event =
            "id: " + i + "\nevent: tick\ndata: t=" + System.nanoTime() + " padding-padding\n\n";
        out.write(event.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        if (pauseNanos > 0) {
          LockSupport.parkNanos(pauseNanos);
        }
      }
    }
  }
}
