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
          new ServerFamilies.Family("example server 1.x", "org.example.server.Server", null),
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
    // The test's class path has the servlet API and Netty, not the example server.
    List<String> found = f.onClassPath(getClass().getClassLoader(), List.of());

    assertThat(found)
        .containsExactly("jakarta.servlet: instrumented", "netty http: not instrumented");
  }

  @Test
  void aFamilyLoadedLaterThatIsNotInstrumentedIsNamedOnce() {
    ServerFamilies f = new ServerFamilies(FAMILIES, Set.of("servlet", "netty"), false);
    f.onClassPath(new URLClassLoader(new URL[0], null), List.of());

    f.loading(null, "org/example/server/Server");
    f.loading(null, "org/example/server/Server");
    f.loading(null, "sun/net/httpserver/ServerImpl");
    f.loading(null, "jakarta/servlet/Servlet");
    f.loading(null, "org/example/Unrelated");

    assertThat(said().lines())
        .containsExactly(
            "[ssewatch] found example server 1.x: not instrumented",
            "[ssewatch] found jdk httpserver: not instrumented");
  }

  @Test
  void withDebugInstrumentedFamiliesAreNamedToo() {
    ServerFamilies f = new ServerFamilies(FAMILIES, Set.of("servlet"), true);

    f.loading(null, "jakarta/servlet/Servlet");

    assertThat(said().lines()).containsExactly("[ssewatch] found jakarta.servlet: instrumented");
  }

  @Test
  void aFamilyAlreadyOnTheStartupLineIsNotNamedAgain() {
    ServerFamilies f = new ServerFamilies(FAMILIES, Set.of(), false);
    assertThat(f.onClassPath(getClass().getClassLoader(), List.of()))
        .contains("jakarta.servlet: not instrumented");

    f.loading(null, "jakarta/servlet/Servlet");

    assertThat(said()).isEmpty();
  }

  @Test
  void everyKnownFamilyHasADetectionClassAndAUniqueName() {
    assertThat(ServerFamilies.ALL).extracting(ServerFamilies.Family::name).doesNotHaveDuplicates();
    assertThat(ServerFamilies.ALL)
        .allSatisfy(
            fam ->
                assertThat(fam.detectedBy())
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(c).contains(".").doesNotContain("/")));
  }

  @Test
  void everyKnownFamilyIsRecordedByAModuleTheAgentInstalls() {
    Set<String> modules =
        AgentInstaller.modules().stream()
            .map(m -> m.name())
            .collect(java.util.stream.Collectors.toSet());

    assertThat(ServerFamilies.ALL)
        .filteredOn(fam -> fam.module() != null)
        .allSatisfy(fam -> assertThat(modules).contains(fam.module()));
  }

  @Test
  void theHttp2ServersNotRecordedAreNamedWhenTheyLoadNotForBeingOnTheClassPath() {
    Set<String> all = Set.of("servlet", "netty", "undertow", "grizzly", "helidon", "jdkhttp");
    ServerFamilies f = new ServerFamilies(ServerFamilies.ALL, all, false);
    // The test's class path has Vert.x's core and Netty's HTTP/2 codec: neither says anything yet.
    assertThat(f.onClassPath(getClass().getClassLoader(), List.of()))
        .noneMatch(s -> s.contains("http/2"));

    ClassLoader loader = getClass().getClassLoader();
    // Reactor Netty's HTTP/2 streams are recorded: its codec loading names nothing.
    f.loading(loader, "io/netty/handler/codec/http2/Http2StreamFrameToHttpObjectCodec");
    f.loading(loader, "io/vertx/core/http/impl/VertxHttp2ConnectionHandler");
    f.loading(loader, "io/vertx/core/http/impl/VertxHttp2ConnectionHandler");
    f.loading(loader, "io/netty/handler/codec/http2/HttpToHttp2ConnectionHandler");

    assertThat(said().lines())
        .containsExactly(
            "[ssewatch] found vert.x http/2 (frames written directly): not instrumented",
            "[ssewatch] found netty http/2 (HttpToHttp2ConnectionHandler): not instrumented");
  }

  @Test
  void helidonsHttp2ModuleOnTheClassPathIsNamedAsNotInstrumented() {
    ServerFamilies f =
        new ServerFamilies(ServerFamilies.ALL, Set.of("helidon", "netty", "servlet"), false);
    // A loader that sees every class file, Helidon's HTTP/2 module among them.
    ClassLoader everything =
        new ClassLoader(null) {
          @Override
          public URL getResource(String name) {
            return ServerFamiliesTest.class.getResource("ServerFamiliesTest.class");
          }
        };

    assertThat(f.onClassPath(everything, List.of()))
        .contains("io.helidon.webserver http/2: not instrumented")
        .noneMatch(s -> s.startsWith("vert.x") || s.startsWith("netty http/2"));
  }

  @Test
  void theServersThatAreNeitherServletNorNettyAreNamedAsInstrumented() {
    Set<String> all = Set.of("servlet", "netty", "undertow", "grizzly", "helidon", "jdkhttp");
    ServerFamilies f = new ServerFamilies(ServerFamilies.ALL, all, false);
    // The test's class path has Undertow (core and servlet), Grizzly and Helidon with its SSE
    // sink; an Undertow servlet application is an Undertow core application too.
    List<String> found = f.onClassPath(getClass().getClassLoader(), List.of());

    assertThat(found)
        .contains(
            "undertow core: instrumented",
            "grizzly http: instrumented",
            "io.helidon.webserver 4.x: instrumented")
        .noneMatch(s -> s.endsWith(": not instrumented"));
  }

  @Test
  void theJdkServerIsNamedWhenItLoadsNotForBeingInTheJdk() {
    Set<String> all = Set.of("jdkhttp");
    ServerFamilies f = new ServerFamilies(ServerFamilies.ALL, all, true);
    assertThat(f.onClassPath(getClass().getClassLoader(), List.of()))
        .noneMatch(s -> s.startsWith("jdk http server"));

    f.loading(ClassLoader.getPlatformClassLoader(), "com/sun/net/httpserver/HttpServer");
    f.loading(ClassLoader.getPlatformClassLoader(), "sun/net/httpserver/ServerImpl");

    assertThat(said().lines()).containsExactly("[ssewatch] found jdk http server: instrumented");
  }

  @Test
  void helidonWithoutItsHttp1ServerIsNotInstrumented() {
    ServerFamilies f = new ServerFamilies(ServerFamilies.ALL, Set.of("helidon"), false);
    // A loader that sees Helidon's web server (any resource lookup answers) but not HTTP/1.
    ClassLoader withoutHttp1 =
        new ClassLoader(null) {
          @Override
          public URL getResource(String name) {
            return name.startsWith("io/helidon/webserver/http1/")
                ? null
                : ServerFamiliesTest.class.getResource("ServerFamiliesTest.class");
          }
        };

    f.loading(withoutHttp1, "io/helidon/webserver/WebServer");

    assertThat(said().lines())
        .containsExactly("[ssewatch] found io.helidon.webserver 4.x: not instrumented");
  }

  @Test
  void helidonWithItsHttp1ServerIsInstrumented() {
    ServerFamilies f = new ServerFamilies(ServerFamilies.ALL, Set.of("helidon"), true);

    f.loading(getClass().getClassLoader(), "io/helidon/webserver/WebServer");

    assertThat(said().lines())
        .containsExactly("[ssewatch] found io.helidon.webserver 4.x: instrumented");
  }
}
