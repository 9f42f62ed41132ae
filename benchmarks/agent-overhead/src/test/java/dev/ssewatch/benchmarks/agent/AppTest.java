package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTest {

  @Test
  void tomcatRunsTheHarnessesOwnServer() {
    App app = App.of("tomcat", null);

    assertThat(app.command()).endsWith(BenchServer.class.getName());
  }

  @Test
  void aSpringAppIsStartedFromItsJar(@TempDir Path dir) throws Exception {
    Path jar = Files.createFile(dir.resolve("app.jar"));

    assertThat(App.of("spring-webflux", jar.toString()).command())
        .containsExactly("-jar", jar.toString());
  }

  @Test
  void aMissingJarIsRefusedByName(@TempDir Path dir) {
    String jar = dir.resolve("none.jar").toString();

    assertThatThrownBy(() -> App.of("spring-mvc", jar))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bench.app=spring-mvc: no jar at " + jar);
  }

  @Test
  void anUnknownAppIsRefused() {
    assertThatThrownBy(() -> App.of("jetty", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bench.app: tomcat, spring-mvc or spring-webflux, not jetty");
  }

  @Test
  void tomcatTakesNoJar() {
    assertThatThrownBy(() -> App.of("tomcat", "app.jar"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bench.appJar");
  }
}
