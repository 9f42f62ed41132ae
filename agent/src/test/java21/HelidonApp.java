import dev.ssewatch.agent.apps.SseScenario;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.sse.SseSink;

/**
 * Helidon 4 SE serving {@code /sse/*} through {@code SseSink}. Helidon needs Java 21, so this file
 * is not compiled by the build (which targets 17): the test starts it with a JDK 25's source
 * launcher, on Helidon's jars and the test classes.
 */
public final class HelidonApp {

  private HelidonApp() {}

  public static void main(String[] args) {
    WebServer server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(
                r ->
                    r.get(
                            "/sse/stream",
                            (req, res) -> {
                              int n = intParameter(req, "n", 5);
                              String canary = SseScenario.canary();
                              try (SseSink sink = res.sink(SseSink.TYPE)) {
                                for (int i = 1; i <= n; i++) {
                                  sink.emit(event(canary, i));
                                  Thread.sleep(10);
                                }
                              }
                            })
                        .get(
                            "/sse/forever",
                            (req, res) -> {
                              String canary = SseScenario.canary();
                              try (SseSink sink = res.sink(SseSink.TYPE)) {
                                for (int i = 1; i < 100_000; i++) {
                                  sink.emit(event(canary, i));
                                  Thread.sleep(50);
                                }
                              } catch (RuntimeException clientGone) {
                                // expected: that is the scenario
                              }
                            })
                        .get(
                            "/sse/plain",
                            (req, res) -> res.send("not an event stream")))
            .build()
            .start();
    SseScenario.announce(server.port());
  }

  private static SseEvent event(String canary, int i) {
    return SseEvent.builder()
        .id(String.valueOf(i))
        .name("tick")
        .data(SseScenario.data(canary, i))
        .build();
  }

  private static int intParameter(ServerRequest req, String name, int otherwise) {
    return req.query().contains(name) ? Integer.parseInt(req.query().get(name)) : otherwise;
  }
}
