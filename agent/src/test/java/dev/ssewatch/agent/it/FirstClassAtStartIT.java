package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * A class to advise that loads the instant the agent starts preparing its advice machinery on its
 * own thread (the application's main class starts it): whichever thread gets there first, the class
 * is advised, once, and nothing fails.
 */
class FirstClassAtStartIT {

  private static final String FIRST = "dev.ssewatch.fixtures.FixtureOutputStream";

  private static void assertAdvisedAtOnce(ChildJvm.Options options) throws Exception {
    try (ChildJvm app =
        ChildJvm.start(
            options.jvmArg("-Dssewatch.agent.debug=true"),
            ChildJvm.testClasspath("tomcat-embed-core-"),
            "dev.ssewatch.agent.apps.FirstClassApp")) {
      assertThat(app.stdout()).contains("LOADED " + FIRST);
      assertThat(app.stderr())
          .contains("[ssewatch] instrumented " + FIRST + "\n")
          .doesNotContain("could not instrument")
          .doesNotContain("advice warm-up failed")
          .doesNotContain("advice not prepared");
      assertThat(app.stderr().split("instrumented " + FIRST + "\n", -1)).hasSize(2);
    }
  }

  @RepeatedTest(2)
  void theFirstClassIsAdvisedWhileTheAdviceIsPrepared() throws Exception {
    assertAdvisedAtOnce(new ChildJvm.Options());
  }

  @Test
  void onJava25Too() throws Exception {
    Path java = ChildJvm.java25().orElse(null);
    assumeTrue(java != null, "no JDK 25 found (set JAVA25_HOME)");
    assertAdvisedAtOnce(new ChildJvm.Options().java(java));
  }
}
