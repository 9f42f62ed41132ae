package dev.ssewatch.agent.apps;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10, jakarta) serving {@code /sse/*}. */
public final class Jetty12App {

  private Jetty12App() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(new JakartaSseServlet());
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/sse/*");
    server.setHandler(context);
    server.start();
    SseScenario.announce(connector.getLocalPort());
    server.join();
  }
}
