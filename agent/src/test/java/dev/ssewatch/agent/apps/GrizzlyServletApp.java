package dev.ssewatch.agent.apps;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.servlet.ServletRegistration;
import org.glassfish.grizzly.servlet.WebappContext;

/** Grizzly's servlet layer ({@code jakarta.servlet}) serving {@code /sse/*}. */
public final class GrizzlyServletApp {

  private GrizzlyServletApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = new HttpServer();
    server.addListener(new NetworkListener("sse", "127.0.0.1", 0));
    WebappContext context = new WebappContext("sse", "");
    ServletRegistration sse = context.addServlet("sse", JakartaSseServlet.class);
    sse.addMapping("/sse/*");
    sse.setAsyncSupported(true);
    context.deploy(server);
    server.start();
    SseScenario.announce(server.getListeners().iterator().next().getPort());
    Thread.currentThread().join();
  }
}
