package dev.ssewatch.agent.apps;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.util.concurrent.Executors;
import org.glassfish.jersey.jdkhttp.JdkHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/**
 * The JDK's own HTTP server with Jersey ({@code jersey-container-jdk-http}) at {@code /jersey/*}
 * and plain {@code HttpHandler}s at {@code /sse/*}.
 */
public final class JerseyJdkHttpApp {

  private JerseyJdkHttpApp() {}

  public static void main(String[] args) {
    HttpServer server =
        JdkHttpServerFactory.createHttpServer(
            URI.create("http://127.0.0.1:0/"), new ResourceConfig(JerseySseResource.class), false);
    // The default executor is the server's one dispatcher thread: a stream would block the others.
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/sse/", JdkHttpApp::handle);
    server.start();
    SseScenario.announce(server.getAddress().getPort());
  }
}
