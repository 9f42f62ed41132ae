package dev.ssewatch.agent.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

/** Jersey on Jetty 12 on a JDK 25; skipped, visibly, where none is installed. */
class JerseyJetty12OnJava25AgentIT extends JerseyJetty12AgentIT {

  @Override
  ChildJvm startApp() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    return ChildJvm.start(
        new ChildJvm.Options().java(java), classpath(), "dev.ssewatch.agent.apps.JerseyJetty12App");
  }
}
