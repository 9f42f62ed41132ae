package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the agent loads at startup: Byte Buddy only once a class to instrument is seen, and never
 * its agent builder (the installer matches classes itself).
 */
class LeanStartupIT {

  private static final String BYTE_BUDDY = "dev.ssewatch.agent.shaded.net.bytebuddy.";

  private static List<String> classesLoaded(
      ChildJvm.Options options, List<Path> classpath, String main, String... args)
      throws Exception {
    Path log = Files.createTempFile("ssewatch-classes", ".txt");
    try {
      try (ChildJvm app =
          ChildJvm.start(
              options.jvmArg("-Xlog:class+load=info:file=" + log), classpath, main, args)) {
        assertThat(app.stderr()).contains("[ssewatch] agent 0.1.0 ready in ");
      }
      // Read once the JVM has exited, so that the log is complete.
      return Files.readAllLines(log);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  @Test
  void anApplicationWithoutInstrumentedLibrariesNeverLoadsByteBuddy() throws Exception {
    List<String> loaded =
        classesLoaded(
            new ChildJvm.Options(), ChildJvm.testClasspath(), "dev.ssewatch.agent.apps.PlainApp");

    assertThat(loaded).anyMatch(l -> l.contains("dev.ssewatch.agent.installer.AgentTransformer"));
    // The verifier loads the method matchers' interface with the instrumentations that name it;
    // nothing else of Byte Buddy may load.
    assertThat(loaded)
        .noneMatch(
            l -> l.contains(BYTE_BUDDY) && !l.contains(BYTE_BUDDY + "matcher.ElementMatcher "));
  }

  @Test
  void aServletContainerLoadsByteBuddyToAdviseButNeverItsAgentBuilder() throws Exception {
    List<String> loaded =
        classesLoaded(
            new ChildJvm.Options(),
            ChildJvm.testClasspath("tomcat-embed-core-", "tomcat-annotations-api-"),
            "dev.ssewatch.agent.apps.TomcatApp",
            "jakarta");

    assertThat(loaded).anyMatch(l -> l.contains(BYTE_BUDDY + "asm.Advice "));
    assertThat(loaded).noneMatch(l -> l.contains(BYTE_BUDDY + "agent.builder."));
  }
}
