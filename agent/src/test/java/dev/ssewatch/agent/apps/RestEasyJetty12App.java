package dev.ssewatch.agent.apps;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jboss.resteasy.plugins.server.servlet.HttpServletDispatcher;

/** RESTEasy 6.2's {@code HttpServletDispatcher} on embedded Jetty 12 (ee10). */
public final class RestEasyJetty12App {

  private RestEasyJetty12App() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(new HttpServletDispatcher());
    holder.setInitParameter("jakarta.ws.rs.Application", JaxRsApplication.class.getName());
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    server.setHandler(context);
    server.start();
    SseScenario.announce(connector.getLocalPort());
    server.join();
  }
}
