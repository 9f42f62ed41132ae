package dev.ssewatch.agent.it;

import java.nio.file.Path;
import java.util.List;

/**
 * Quarkus 3 REST on Vert.x and Netty, at the Quarkus BOM's versions, run from the fast-jar
 * Quarkus's Maven plugin built: a resource's {@code Multi<OutboundSseEvent>} streams, each event's
 * data a JSON record, to a client that hangs up, and to a client that accepts gzip, which Quarkus
 * applies to event streams once they are among its compressed media types ({@code
 * quarkus.http.enable-compression} and {@code text/event-stream} in {@code
 * quarkus.http.compress-media-types}). One application JVM serves every scenario.
 */
class QuarkusAgentIT extends TickStreamContract {

  @Override
  ChildJvm startApp() throws Exception {
    return ChildJvm.start(
        new ChildJvm.Options().java(java()).jvmArg("-Dssewatch.idle.budget=2s"),
        List.of(Path.of(System.getProperty("ssewatch.it.quarkusApp"))),
        "io.quarkus.bootstrap.runner.QuarkusEntryPoint");
  }

  /**
   * As Quarkus REST writes an event: no space after a field's colon, and the event's media type in
   * a {@code content-type} field of its own, which SSE clients ignore.
   */
  @Override
  String wireEvent(String canary, int i) {
    return "content-type:application/json\nid:"
        + i
        + "\nevent:tick\ndata:"
        + json(canary, i)
        + "\n\n";
  }
}
