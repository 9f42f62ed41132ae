package dev.ssewatch.agent.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the agent says about the server families it finds, instrumented or not. */
class ServerFamiliesTest {

  private static final List<ServerFamilies.Family> FAMILIES =
      List.of(
          new ServerFamilies.Family("jakarta.servlet", "jakarta.servlet.Servlet", "servlet"),
          new ServerFamilies.Family(
              "netty http", "io.netty.handler.codec.http.HttpObjectEncoder", "netty"),
          new ServerFamilies.Family(
              "io.helidon.webserver 4.x", "io.helidon.webserver.http.HttpRouting", null),
          new ServerFamilies.Family("jdk httpserver", "sun.net.httpserver.ServerImpl", null));

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream previous;

  @BeforeEach
  void captureStandardError() {
    previous = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreStandardError() {
    System.setErr(previous);
  }

  private String said() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theStartupLineNamesTheFamiliesOnTheClassPathAndWhetherTheyAreInstrumented() {
    ServerFamilies f = new ServerFamilies(FAMILIES, Set.of("servlet"), false);
    // The test's class path has the servlet API and Netty, not Helidon.
    List<String> found = f.onClassPath(getClass().getClassLoader(), List.of());

    assertThat(found)
        .containsExactly("jakarta.servlet: instrumented", "netty http: not instrumented");
  }

  @Test
  void aFamilyLoadedLaterThatIsNotInstrumentedIsNamedOnce() {
    ServerFamilies f = new ServerFamilies(FAMILIES, Set.of("servlet", "netty"), false);
    f.onClassPath(new URLClassLoader(new URL[0], null), List.of());

    f.loading("io/helidon/webserver/http/HttpRouting");
    f.loading("io/helidon/webserver/http/HttpRouting");
    f.loading("sun/net/httpserver/ServerImpl");
    f.loading("jakarta/servlet/Servlet");
    f.loading("org/example/Unrelated");

    assertThat(said().lines())
        .containsExactly(
            "[ssewatch] found io.helidon.webserver 4.x: not instrumented",
            "[ssewatch] found jdk httpserver: not instrumented");
  }

  @Test
  void withDebugInstrumentedFamiliesAreNamedToo() {
    ServerFamilies f = new ServerFamilies(FAMILIES, Set.of("servlet"), true);

    f.loading("jakarta/servlet/Servlet");

    assertThat(said().lines()).containsExactly("[ssewatch] found jakarta.servlet: instrumented");
  }

  @Test
  void aFamilyAlreadyOnTheStartupLineIsNotNamedAgain() {
    ServerFamilies f = new ServerFamilies(FAMILIES, Set.of(), false);
    assertThat(f.onClassPath(getClass().getClassLoader(), List.of()))
        .contains("jakarta.servlet: not instrumented");

    f.loading("jakarta/servlet/Servlet");

    assertThat(said()).isEmpty();
  }

  @Test
  void everyKnownFamilyHasADetectionClassAndAUniqueName() {
    assertThat(ServerFamilies.ALL).extracting(ServerFamilies.Family::name).doesNotHaveDuplicates();
    assertThat(ServerFamilies.ALL)
        .allSatisfy(fam -> assertThat(fam.detectedBy()).contains(".").doesNotContain("/"));
  }
}
