package dev.ssewatch.agent.it;

/** The JDK's own HTTP server, {@code com.sun.net.httpserver}. */
class JdkHttpAgentIT extends ServerFamilyContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(ChildJvm.testClasspath(), "dev.ssewatch.agent.apps.JdkHttpApp");
  }
}
