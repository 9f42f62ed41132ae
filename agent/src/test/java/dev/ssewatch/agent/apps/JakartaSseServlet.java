package dev.ssewatch.agent.apps;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The SSE scenarios on a {@code jakarta.servlet} container, selected by path. */
public final class JakartaSseServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  private final transient ExecutorService async = Executors.newCachedThreadPool();

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    int n = req.getParameter("n") == null ? 5 : Integer.parseInt(req.getParameter("n"));
    try {
      switch (path) {
        case "/plain":
          resp.setContentType("text/plain");
          resp.getWriter().write("not an event stream");
          return;
        case "/json":
          // Not an event stream, and large enough for a container's compression to take.
          resp.setContentType("application/json");
          resp.setCharacterEncoding("UTF-8");
          resp.getOutputStream()
              .write(SseScenario.json(SseScenario.canary(), n).getBytes(StandardCharsets.UTF_8));
          return;
        case "/stream":
          eventStream(resp);
          SseScenario.writeFlushed(resp.getOutputStream(), n, 10);
          return;
        case "/ticks":
          eventStream(resp);
          SseScenario.writeFlushed(resp.getOutputStream(), n, 100);
          return;
        case "/writer":
          eventStream(resp);
          SseScenario.writeFlushed(resp.getWriter(), n, 10);
          return;
        case "/content-length":
          eventStream(resp);
          byte[] body = SseScenario.allEvents(n);
          resp.setContentLength(body.length);
          resp.getOutputStream().write(body);
          resp.getOutputStream().flush();
          return;
        case "/content-length-withdrawn":
          eventStream(resp);
          resp.setContentLength(1_000_000);
          resp.setContentLengthLong(-1);
          SseScenario.writeFlushed(resp.getOutputStream(), n, 10);
          return;
        case "/set-header":
          // The content type through setHeader, the charset after it.
          resp.setHeader("Content-Type", "text/event-stream");
          resp.setCharacterEncoding("UTF-8");
          resp.setHeader("Cache-Control", "no-cache");
          resp.setHeader("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
          SseScenario.writeFlushed(resp.getOutputStream(), n, 10);
          return;
        case "/unflushed":
          // Never flushed: the container sends it all at the end, with a length of its own.
          eventStream(resp);
          for (int i = 1; i <= n; i++) {
            resp.getOutputStream().write(SseScenario.eventBytes(SseScenario.canary(), i));
          }
          return;
        case "/forever-nonblocking":
          eventStream(resp);
          nonBlockingUntilAborted(req.startAsync(), resp.getOutputStream());
          return;
        case "/hold":
          eventStream(resp);
          SseScenario.writeHeld(resp.getOutputStream(), n, 300);
          return;
        case "/forever":
          eventStream(resp);
          SseScenario.writeUntilAborted(resp.getOutputStream(), 50);
          return;
        case "/forever-writer":
          eventStream(resp);
          SseScenario.writeUntilAborted(resp.getWriter(), 50);
          return;
        case "/short":
          // Announces more than it writes: the container cuts the response off when it returns.
          eventStream(resp);
          resp.setContentLength(1_000_000);
          SseScenario.writeFlushed(resp.getOutputStream(), n, 10);
          return;
        case "/async-timeout":
          // Never completed: the container's async timeout ends it (no listener to handle it).
          eventStream(resp);
          req.startAsync().setTimeout(Long.parseLong(req.getParameter("timeout")));
          SseScenario.writeFlushed(resp.getOutputStream(), n, 10);
          return;
        case "/nonblocking-burst":
          eventStream(resp);
          nonBlockingBurst(
              req,
              req.startAsync(),
              resp.getOutputStream(),
              n,
              req.getParameter("when-ready") != null);
          return;
        case "/async":
          eventStream(resp);
          AsyncContext ac = req.startAsync();
          ac.setTimeout(0);
          async.execute(
              () -> {
                try {
                  SseScenario.writeFlushed(ac.getResponse().getOutputStream(), n, 10);
                } catch (IOException | InterruptedException e) {
                  // the client went away
                } finally {
                  ac.complete();
                }
              });
          return;
        default:
          resp.sendError(404);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An LLM API relayed by the application: a chat completion streamed back to the client. */
  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String path = req.getPathInfo() == null ? "" : req.getPathInfo();
    if (!path.equals("/v1/chat/completions")) {
      resp.sendError(404);
      return;
    }
    req.getInputStream().readAllBytes();
    eventStream(resp);
    try {
      SseScenario.writeChatCompletion(resp.getOutputStream(), 3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Events through non-blocking output ({@code WriteListener}) every 50 ms until the container
   * reports the client gone through {@code onError}; writes then fail there, not in {@code write}.
   */
  private void nonBlockingUntilAborted(AsyncContext ac, ServletOutputStream out) {
    ac.setTimeout(0);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    int[] next = {1};
    // Once it is over nothing more is written: the container recycles the stream for the next
    // request.
    boolean[] over = {false};
    Runnable finish =
        () -> {
          synchronized (over) {
            if (over[0]) {
              return;
            }
            over[0] = true;
          }
          timer.shutdownNow();
          ac.complete();
        };
    out.setWriteListener(new ErrorListener(finish));
    timer.scheduleWithFixedDelay(
        () -> {
          synchronized (over) {
            if (over[0]) {
              return;
            }
            try {
              if (out.isReady()) {
                out.write(SseScenario.eventBytes(SseScenario.canary(), next[0]++));
                if (out.isReady()) {
                  out.flush();
                }
              }
              return;
            } catch (IOException | RuntimeException e) {
              // the client went away: finished below
            }
          }
          finish.run();
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Event 1, flushed (the response commits), then events 2 to {@code n + 1} (64 KiB of data each,
   * hardly compressible) in one non-blocking write, and {@code AsyncContext.complete()} at once,
   * while that write is still under way (the client reads late): the container finishes the body,
   * and a compressor below it its coding, after the application is done. With {@code whenReady},
   * the application completes only once the output is ready again (Tomcat cuts a response off that
   * completes with a write pending).
   */
  private static void nonBlockingBurst(
      HttpServletRequest req, AsyncContext ac, ServletOutputStream out, int n, boolean whenReady) {
    ac.setTimeout(0);
    String query = req.getQueryString();
    out.setWriteListener(
        new WriteListener() {
          private int step;

          @Override
          public void onWritePossible() throws IOException {
            // Each step once the output is ready for it, as non-blocking output requires.
            while (step < 4 && out.isReady()) {
              switch (step++) {
                case 0 -> out.write(SseScenario.eventBytes(SseScenario.canary(), 1));
                case 1 -> out.flush();
                case 2 -> {
                  out.write(SseScenario.burst(n));
                  if (whenReady) {
                    continue;
                  }
                  step++;
                  ac.complete();
                  // The test reads the body only now, so the burst is still being written here.
                  System.out.println("COMPLETED " + query);
                  System.out.flush();
                }
                default -> {
                  ac.complete();
                  System.out.println("COMPLETED " + query);
                  System.out.flush();
                }
              }
            }
          }

          @Override
          public void onError(Throwable t) {
            if (step < 4) {
              step = 4;
              ac.complete();
            }
          }
        });
  }

  private static void eventStream(HttpServletResponse resp) {
    resp.setContentType("text/event-stream");
    resp.setCharacterEncoding("UTF-8");
    resp.setHeader("Cache-Control", "no-cache");
    resp.setHeader("Set-Cookie", "session=SERVER-SECRET-" + SseScenario.canary());
  }

  /**
   * A {@code WriteListener} that only reacts to errors: the timer writes. An application class like
   * any other, which the agent instruments although it shares the agent's namespace.
   */
  private static final class ErrorListener implements WriteListener {

    private final Runnable onError;

    ErrorListener(Runnable onError) {
      this.onError = onError;
    }

    @Override
    public void onWritePossible() {
      // the timer writes
    }

    @Override
    public void onError(Throwable t) {
      onError.run();
    }
  }
}
