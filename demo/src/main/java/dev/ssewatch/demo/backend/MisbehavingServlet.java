package dev.ssewatch.demo.backend;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Endpoints that break SSE the ways production does, one per path under {@code /misbehave/}:
 *
 * <ul>
 *   <li>{@code buffered}: produces events at the pace but sends them all at the end, like a gateway
 *       with response buffering on;
 *   <li>{@code content-length}: the same, announced with a {@code Content-Length};
 *   <li>{@code gzip}: compresses the stream, so events sit in the compressor;
 *   <li>{@code quiet}: one event, then silence for longer than the idle budget, then another;
 *   <li>{@code no-flush}: writes each event at the pace but never flushes, so the container's
 *       response buffer holds them back.
 * </ul>
 */
final class MisbehavingServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Endpoints endpoints;

  MisbehavingServlet(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String kind = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
    int total = Endpoints.count(req.getParameter("eventscount"));
    resp.setCharacterEncoding("UTF-8");
    switch (kind) {
      case "buffered" -> sendAllAtEnd(resp, total, false);
      case "content-length" -> sendAllAtEnd(resp, total, true);
      case "gzip" -> gzip(resp, total);
      case "quiet" -> quiet(resp);
      case "no-flush" -> noFlush(resp, total);
      default -> resp.sendError(404, "unknown misbehaviour: " + kind);
    }
  }

  private void sendAllAtEnd(HttpServletResponse resp, int total, boolean announceLength)
      throws IOException {
    ByteArrayOutputStream held = new ByteArrayOutputStream();
    for (int i = 1; i <= total; i++) {
      if (i > 1 && !Pause.sleep(endpoints.pace())) {
        return;
      }
      held.writeBytes(Endpoints.frame(i, total).getBytes(StandardCharsets.UTF_8));
    }
    resp.setContentType("text/event-stream");
    resp.setHeader("Cache-Control", "no-cache");
    if (announceLength) {
      resp.setContentLength(held.size());
    }
    OutputStream out = resp.getOutputStream();
    held.writeTo(out);
    out.flush();
  }

  private void gzip(HttpServletResponse resp, int total) throws IOException {
    resp.setContentType("text/event-stream");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setHeader("Content-Encoding", "gzip");
    // Without syncFlush, flush() leaves the events in the deflater: exactly the bug.
    try (GZIPOutputStream gz = new GZIPOutputStream(resp.getOutputStream(), 8192, false)) {
      for (int i = 1; i <= total; i++) {
        if (i > 1 && !Pause.sleep(endpoints.pace())) {
          return;
        }
        gz.write(Endpoints.frame(i, total).getBytes(StandardCharsets.UTF_8));
        gz.flush();
      }
    }
  }

  private void quiet(HttpServletResponse resp) throws IOException {
    resp.setContentType("text/event-stream");
    resp.setHeader("Cache-Control", "no-cache");
    OutputStream out = resp.getOutputStream();
    out.write(Endpoints.frame(1, 2).getBytes(StandardCharsets.UTF_8));
    out.flush();
    if (!Pause.sleep(endpoints.silence())) {
      return;
    }
    out.write(Endpoints.frame(2, 2).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void noFlush(HttpServletResponse resp, int total) throws IOException {
    resp.setContentType("text/event-stream");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setBufferSize(64 * 1024);
    OutputStream out = resp.getOutputStream();
    for (int i = 1; i <= total; i++) {
      if (i > 1 && !Pause.sleep(endpoints.pace())) {
        return;
      }
      out.write(Endpoints.frame(i, total).getBytes(StandardCharsets.UTF_8));
    }
  }
}
