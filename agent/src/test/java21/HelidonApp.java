import dev.ssewatch.agent.apps.SseScenario;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Helidon 4 SE serving {@code /sse/*} through {@code SseSink}, or, with the argument {@code output},
 * through {@code res.outputStream()}. Helidon needs Java 21, so this file
 * is not compiled by the build (which targets 17): the test starts it with a JDK 25's source
 * launcher, on Helidon's jars and the test classes.
 */
public final class HelidonApp {

  private HelidonApp() {}

  public static void main(String[] args) {
    boolean output = args.length > 0 && args[0].equals("output");
    WebServer server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(
                r -> {
                  if (output) {
                    outputStreamRoutes(r);
                    return;
                  }
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
                            (req, res) -> res.send("not an event stream"));
                })
            .build()
            .start();
    SseScenario.announce(server.port());
  }

  /** The scenarios written through the response's output stream, as a servlet would write them. */
  private static void outputStreamRoutes(HttpRouting.Builder r) {
    r.get(
            "/sse/stream",
            (req, res) -> {
              try (OutputStream out = eventStream(res).outputStream()) {
                SseScenario.writeFlushed(out, intParameter(req, "n", 5), 10);
              }
            })
        .get(
            "/sse/forever",
            (req, res) -> {
              try (OutputStream out = eventStream(res).outputStream()) {
                SseScenario.writeUntilAborted(out, 50);
              } catch (RuntimeException clientGone) {
                // expected: Helidon reports the lost client unchecked
              }
            })
        .get(
            "/sse/hold",
            (req, res) -> {
              // Never flushed nor closed: Helidon sends it all when the handler returns.
              OutputStream out = eventStream(res).outputStream();
              SseScenario.writeHeld(out, intParameter(req, "n", 3), 300);
            })
        .get(
            "/sse/content-length",
            (req, res) -> {
              byte[] body = SseScenario.allEvents(intParameter(req, "n", 3));
              eventStream(res).header("Content-Length", String.valueOf(body.length));
              try (OutputStream out = res.outputStream()) {
                out.write(body);
              }
            })
        .get(
            "/sse/plain",
            (req, res) -> {
              res.header("Content-Type", "text/plain");
              try (OutputStream out = res.outputStream()) {
                out.write("not an event stream".getBytes(StandardCharsets.UTF_8));
              }
            });
  }

  private static ServerResponse eventStream(ServerResponse res) {
    return res.header("Content-Type", "text/event-stream")
        .header("Cache-Control", "no-cache")
        .header("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
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
