package dev.ssewatch.agent.apps;

import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import java.net.InetSocketAddress;

/** Undertow's servlet layer ({@code jakarta.servlet}) serving {@code /sse/*}. */
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
    Undertow server =
        Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(manager.start()).build();
    server.start();
    SseScenario.announce(
        ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort());
  }
}
