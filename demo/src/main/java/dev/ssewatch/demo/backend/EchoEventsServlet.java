package dev.ssewatch.demo.backend;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The well-behaved endpoint, modelled on the echo API of the API Management SSE walkthrough: {@code
 * /server-events/{n}} or {@code /server-events?eventscount=n} sends n events at the configured
 * pace, each flushed as soon as it is written.
 */
final class EchoEventsServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient Endpoints endpoints;

  EchoEventsServlet(Endpoints endpoints) {
    this.endpoints = endpoints;
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo();
    String n =
        path != null && path.length() > 1 ? path.substring(1) : req.getParameter("eventscount");
    int total = Endpoints.count(n);
    resp.setStatus(200);
    resp.setContentType("text/event-stream");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    PrintWriter out = resp.getWriter();
    out.write(": stream of " + total + " events\n\n");
    out.flush();
    for (int i = 1; i <= total; i++) {
      if (i > 1 && !Pause.sleep(endpoints.pace())) {
        return;
      }
      out.write(Endpoints.frame(i, total));
      out.flush();
      if (out.checkError()) {
        return; // the client went away
      }
    }
  }
}
