package dev.ssewatch.agent.apps;

import jakarta.servlet.DispatcherType;
import java.util.Arrays;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;

/**
 * Embedded Jetty 12 (ee10, jakarta) serving {@code /sse/*}; with the argument {@code gzip-filter},
 * behind an application's compression filter ({@link GzipFilter}); with {@code gzip-handler},
 * behind Jetty's own {@code GzipHandler}, set up for event streams as a user sets it up: {@code
 * text/event-stream} taken off its excluded types, and a sync flush at each flush ({@code
 * gzip-handler-no-sync-flush}: without it, as by default); with {@code h2c}, HTTP/2 on the same
 * connector, reached by upgrading a request (h2c).
 */
public final class Jetty12App {

  private Jetty12App() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server();
    ServerConnector connector =
        args.length > 0 && args[0].equals("h2c")
            ? new ServerConnector(
                server,
                new HttpConnectionFactory(new HttpConfiguration()),
                new HTTP2CServerConnectionFactory(new HttpConfiguration()))
            : new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    ServletHolder holder = new ServletHolder(new JakartaSseServlet());
    holder.setAsyncSupported(true);
    context.addServlet(holder, "/sse/*");
    if (args.length > 0 && args[0].equals("gzip-filter")) {
      context.addFilter(GzipFilter.class, "/sse/*", EnumSet.of(DispatcherType.REQUEST));
    }
    if (args.length > 0 && args[0].startsWith("gzip-handler")) {
      GzipHandler gzip = new GzipHandler();
      gzip.setExcludedMimeTypes(
          Arrays.stream(gzip.getExcludedMimeTypes())
              .filter(t -> !t.equals("text/event-stream"))
              .toArray(String[]::new));
      gzip.setSyncFlush(!args[0].equals("gzip-handler-no-sync-flush"));
      gzip.setHandler(context);
      server.setHandler(gzip);
    } else {
      server.setHandler(context);
    }
    server.start();
    SseScenario.announce(connector.getLocalPort());
    server.join();
  }
}
