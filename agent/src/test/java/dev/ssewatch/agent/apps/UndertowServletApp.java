package dev.ssewatch.agent.apps;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.encoding.ContentEncodingRepository;
import io.undertow.server.handlers.encoding.EncodingHandler;
import io.undertow.server.handlers.encoding.GzipEncodingProvider;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * Undertow's servlet layer ({@code jakarta.servlet}) serving {@code /sse/*}; with the argument
 * {@code compression}, behind Undertow's {@code EncodingHandler} gzipping event streams, as Spring
 * Boot sets it up for {@code server.compression.enabled=true} with {@code text/event-stream} among
 * its MIME types.
 */
public final class UndertowServletApp {

  private UndertowServletApp() {}

  public static void main(String[] args) throws Exception {
    DeploymentInfo deployment =
        Servlets.deployment()
            .setClassLoader(UndertowServletApp.class.getClassLoader())
            .setContextPath("/")
            .setDeploymentName("sse")
            .addServlets(
                Servlets.servlet("sse", JakartaSseServlet.class)
                    .addMapping("/sse/*")
                    .setAsyncSupported(true));
    DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
    manager.deploy();
    HttpHandler handler = manager.start();
    if (args.length > 0 && args[0].equals("compression")) {
      handler =
          new EncodingHandler(
              handler,
              new ContentEncodingRepository()
                  .addEncodingHandler(
                      "gzip",
                      new GzipEncodingProvider(),
                      50,
                      exchange -> {
                        String type = exchange.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
                        return type != null && type.startsWith("text/event-stream");
                      }));
    }
    Undertow server =
        Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(handler).build();
    server.start();
    SseScenario.announce(
        ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
  }
}
