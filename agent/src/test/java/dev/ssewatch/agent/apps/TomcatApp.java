package dev.ssewatch.agent.apps;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;

/**
 * Embedded Tomcat (9 with javax, 10.1 with jakarta) serving {@code /sse/*}. Tomcat is driven by
 * reflection because both versions share class names with different signatures, and only one can be
 * on the test compile path.
 *
 * <p>Arguments: {@code jakarta} or {@code javax}, then optionally {@code compression}: gzip for
 * event streams too, as Spring Boot's {@code server.compression.enabled} with {@code
 * text/event-stream} among its MIME types; or {@code resteasy}: RESTEasy's dispatcher serving
 * {@link JaxRsApplication} instead of the servlet. A further {@code h2c} adds HTTP/2 to the
 * connector ({@code Http2Protocol}), which a client reaches by upgrading a request (h2c).
 */
public final class TomcatApp {

  private static final String PKG = "dev.ssewatch.agent.apps.";

  private TomcatApp() {}

  public static void main(String[] args) throws Exception {
    boolean jakarta = args.length == 0 || args[0].equals("jakarta");
    String servletApi = jakarta ? "jakarta.servlet.Servlet" : "javax.servlet.Servlet";
    boolean resteasy = args.length > 1 && args[1].equals("resteasy");
    Object servlet =
        Class.forName(
                resteasy
                    ? "org.jboss.resteasy.plugins.server.servlet.HttpServletDispatcher"
                    : PKG + (jakarta ? "JakartaSseServlet" : "JavaxSseServlet"))
            .getConstructor()
            .newInstance();
    Class<?> tomcatClass = Class.forName("org.apache.catalina.startup.Tomcat");
    Class<?> contextClass = Class.forName("org.apache.catalina.Context");
    Object tomcat = tomcatClass.getConstructor().newInstance();
    File base = Files.createTempDirectory("tomcat").toFile();
    tomcatClass.getMethod("setBaseDir", String.class).invoke(tomcat, base.getAbsolutePath());
    tomcatClass.getMethod("setHostname", String.class).invoke(tomcat, "127.0.0.1");
    tomcatClass.getMethod("setPort", int.class).invoke(tomcat, 0);
    Object connector = tomcatClass.getMethod("getConnector").invoke(tomcat);
    connector
        .getClass()
        .getMethod("setProperty", String.class, String.class)
        .invoke(connector, "address", "127.0.0.1");
    if (java.util.Arrays.asList(args).contains("h2c")) {
      Class<?> upgrade = Class.forName("org.apache.coyote.UpgradeProtocol");
      connector
          .getClass()
          .getMethod("addUpgradeProtocol", upgrade)
          .invoke(
              connector,
              Class.forName("org.apache.coyote.http2.Http2Protocol")
                  .getConstructor()
                  .newInstance());
    }
    if (args.length > 1 && args[1].equals("compression")) {
      Method set = connector.getClass().getMethod("setProperty", String.class, String.class);
      set.invoke(connector, "compression", "on");
      set.invoke(connector, "compressibleMimeType", "text/event-stream,text/plain");
      set.invoke(connector, "compressionMinSize", "0");
    }
    Object context =
        tomcatClass.getMethod("addContext", String.class, String.class).invoke(tomcat, "", null);
    Method addServlet =
        tomcatClass.getMethod("addServlet", contextClass, String.class, Class.forName(servletApi));
    Object wrapper = addServlet.invoke(null, context, "sse", servlet);
    wrapper.getClass().getMethod("setAsyncSupported", boolean.class).invoke(wrapper, true);
    if (resteasy) {
      wrapper
          .getClass()
          .getMethod("addInitParameter", String.class, String.class)
          .invoke(wrapper, "jakarta.ws.rs.Application", PKG + "JaxRsApplication");
    }
    contextClass
        .getMethod("addServletMappingDecoded", String.class, String.class)
        .invoke(context, resteasy ? "/*" : "/sse/*", "sse");
    tomcatClass.getMethod("start").invoke(tomcat);
    int port = (Integer) connector.getClass().getMethod("getLocalPort").invoke(connector);
    SseScenario.announce(port);
    Thread.currentThread().join();
  }
}
