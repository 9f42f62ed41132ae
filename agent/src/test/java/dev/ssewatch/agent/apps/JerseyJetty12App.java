package dev.ssewatch.agent.apps;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey 3.1's {@code ServletContainer} on embedded Jetty 12 (ee10): it overrides {@code
 * service(ServletRequest, ServletResponse)} and never calls {@code HttpServlet}'s.
 */
public final class JerseyJetty12App {

  private JerseyJetty12App() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder =
        new ServletHolder(new ServletContainer(new ResourceConfig(JaxRsSseResource.class)));
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/*");
    server.setHandler(context);
    server.start();
    SseScenario.announce(connector.getLocalPort());
    server.join();
  }
}
