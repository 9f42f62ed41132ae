package dev.ssewatch.agent.apps.quarkus;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Quarkus REST event streams as its users write them: a {@code Multi} of events, each with an id, a
 * name and a small JSON record as its data.
 */
@Path("/sse")
public class QuarkusSseResource {

  /** {@code n} events {@code pause} ms apart, then complete. */
  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> stream(
      @QueryParam("n") int n,
      @QueryParam("pause") @DefaultValue("10") long pause,
      @Context Sse sse) {
    return ticks(Multi.createFrom().ticks().every(Duration.ofMillis(pause)).select().first(n), sse);
  }

  /** Events every 100 ms until the client goes away. */
  @GET
  @Path("/forever")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> forever(@Context Sse sse) {
    return ticks(Multi.createFrom().ticks().every(Duration.ofMillis(100)), sse);
  }

  /**
   * An event stream whose whole body is known, so it goes out with a {@code Content-Length}; its
   * events written as the agent's test scenarios write them.
   */
  @GET
  @Path("/content-length")
  public Response contentLength(@QueryParam("n") int n) {
    String canary = QuarkusSseApp.canary();
    StringBuilder body = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      body.append("id: ").append(i).append("\nevent: tick\ndata: ");
      body.append(QuarkusSseApp.data(canary, i)).append("\n\n");
    }
    return Response.ok(body.toString().getBytes(StandardCharsets.UTF_8))
        .type(MediaType.SERVER_SENT_EVENTS)
        .build();
  }

  private static Multi<OutboundSseEvent> ticks(Multi<Long> seq, Sse sse) {
    String canary = QuarkusSseApp.canary();
    return seq.map(
        t -> {
          int i = (int) (t + 1);
          return sse.newEventBuilder()
              .id(Integer.toString(i))
              .name("tick")
              .mediaType(MediaType.APPLICATION_JSON_TYPE)
              .data(Tick.class, new Tick(i, QuarkusSseApp.data(canary, i)))
              .build();
        });
  }
}
