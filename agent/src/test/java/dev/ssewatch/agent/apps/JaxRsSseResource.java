package dev.ssewatch.agent.apps;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** JAX-RS SSE ({@code SseEventSink}) scenarios, as any JAX-RS implementation serves them. */
@Path("sse")
public class JaxRsSseResource {

  private static final ExecutorService ASYNC = Executors.newCachedThreadPool();

  /**
   * The event a JAX-RS implementation writes for {@link SseScenario#event}: fields in its order.
   */
  public static String event(String canary, int i) {
    return "event: tick\nid: " + i + "\ndata: " + SseScenario.data(canary, i) + "\n\n";
  }

  @GET
  @Path("stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void stream(
      @QueryParam("n") int n,
      @Context HttpServletResponse response,
      @Context SseEventSink sink,
      @Context Sse sse) {
    response.setHeader("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
    response.setHeader("Cache-Control", "no-cache");
    ASYNC.execute(
        () -> {
          try (SseEventSink s = sink) {
            for (int i = 1; i <= n; i++) {
              s.send(tick(sse, i)).toCompletableFuture().join();
              Thread.sleep(10);
            }
          } catch (Exception e) {
            // the client went away
          }
        });
  }

  @GET
  @Path("forever")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public void forever(@Context SseEventSink sink, @Context Sse sse) {
    ASYNC.execute(
        () -> {
          try (SseEventSink s = sink) {
            for (int i = 1; i < 100_000 && !s.isClosed(); i++) {
              s.send(tick(sse, i)).toCompletableFuture().join();
              Thread.sleep(50);
            }
          } catch (Exception e) {
            // the client went away
          }
        });
  }

  private static jakarta.ws.rs.sse.OutboundSseEvent tick(Sse sse, int i) {
    return sse.newEventBuilder()
        .name("tick")
        .id(String.valueOf(i))
        .data(String.class, SseScenario.data(SseScenario.canary(), i))
        .build();
  }
}
