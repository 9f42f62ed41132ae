package dev.ssewatch.agent.apps;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * JAX-RS (Jersey) at {@code /jersey/*}, the same on every container: SSE through {@code
 * SseEventSink}, which needs a container that can suspend a request (not the JDK's HTTP server),
 * and an event stream written synchronously through {@code StreamingOutput}, which any can serve.
 */
@Path("jersey")
public class JerseySseResource {

  private static final ExecutorService WRITERS = Executors.newCachedThreadPool();

  /** {@code n} events, 10 ms apart, then the sink is closed. */
  @GET
  @Path("stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(
      @QueryParam("n") @DefaultValue("5") int n, @Context SseEventSink sink, @Context Sse sse) {
    String canary = SseScenario.canary();
    WRITERS.execute(
        () -> {
          try (sink) {
            for (int i = 1; i <= n; i++) {
              sink.send(event(sse, canary, i)).toCompletableFuture().join();
              Thread.sleep(10);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** Events every 50 ms until the client goes away. */
  @GET
  @Path("forever")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void forever(@Context SseEventSink sink, @Context Sse sse) {
    String canary = SseScenario.canary();
    WRITERS.execute(
        () -> {
          try (sink) {
            for (int i = 1; i < 100_000 && !sink.isClosed(); i++) {
              sink.send(event(sse, canary, i)).toCompletableFuture().join();
              Thread.sleep(50);
            }
          } catch (RuntimeException clientGone) {
            // expected: that is the scenario
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  /** {@code n} events, each flushed, 10 ms apart, written by the resource's own thread. */
  @GET
  @Path("streaming")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Response streaming(@QueryParam("n") @DefaultValue("5") int n) {
    StreamingOutput body =
        out -> {
          try {
            SseScenario.writeFlushed(out, n, 10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    return Response.ok(body)
        .header("Cache-Control", "no-cache")
        .header("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary())
        .build();
  }

  /** Events every 50 ms until the client goes away. */
  @GET
  @Path("streaming-forever")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public StreamingOutput streamingForever() {
    return out -> {
      try {
        SseScenario.writeUntilAborted(out, 50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  private static OutboundSseEvent event(Sse sse, String canary, int i) {
    return sse.newEventBuilder()
        .id(String.valueOf(i))
        .name("tick")
        .mediaType(MediaType.TEXT_PLAIN_TYPE)
        .data(String.class, SseScenario.data(canary, i))
        .build();
  }
}
