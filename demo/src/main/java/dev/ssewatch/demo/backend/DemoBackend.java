package dev.ssewatch.demo.backend;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The demo's SSE backend: an embedded Tomcat serving the public echo API of the API Management SSE
 * walkthrough ({@code GET /server-events/{n}}, {@code GET /server-events?eventscount=n}) and
 * endpoints that misbehave the ways ssewatch is built to catch. Servlets, so that the agent's
 * Servlet instrumentation sees them when this runs in a JVM with the agent attached.
 */
public final class DemoBackend implements AutoCloseable {

  // Tomcat's start-up chatter would drown the demo's console; a strong reference keeps the level.
  private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

  static {
    TOMCAT_LOG.setLevel(Level.SEVERE);
  }

  private final Tomcat tomcat;
  private final File baseDir;

  private DemoBackend(Tomcat tomcat, File baseDir) {
    this.tomcat = tomcat;
    this.baseDir = baseDir;
  }

  /**
   * Starts the backend on {@code 127.0.0.1:port} (0 picks a free port).
   *
   * @param pace the time between two events of a stream
   * @param silence how long the {@code /misbehave/quiet} endpoint stays silent
   */
  public static DemoBackend start(int port, Duration pace, Duration silence) throws IOException {
    File baseDir = Files.createTempDirectory("ssewatch-demo-tomcat").toFile();
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.getAbsolutePath());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    Context ctx = tomcat.addContext("", baseDir.getAbsolutePath());
    Endpoints endpoints = new Endpoints(pace, silence);
    Tomcat.addServlet(ctx, "echo", new EchoEventsServlet(endpoints)).setAsyncSupported(true);
    ctx.addServletMappingDecoded("/server-events", "echo");
    ctx.addServletMappingDecoded("/server-events/*", "echo");
    Tomcat.addServlet(ctx, "misbehave", new MisbehavingServlet(endpoints));
    ctx.addServletMappingDecoded("/misbehave/*", "misbehave");
    try {
      tomcat.start();
    } catch (LifecycleException e) {
      throw new IOException("demo backend did not start", e);
    }
    return new DemoBackend(tomcat, baseDir);
  }

  /** The port the backend listens on. */
  public int port() {
    return tomcat.getConnector().getLocalPort();
  }

  @Override
  public void close() {
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      // Shutting down anyway; nothing useful to do with a failed stop.
    }
    deleteRecursively(baseDir);
  }

  private static void deleteRecursively(File f) {
    File[] children = f.listFiles();
    if (children != null) {
      for (File c : children) {
        deleteRecursively(c);
      }
    }
    f.delete();
  }
}
