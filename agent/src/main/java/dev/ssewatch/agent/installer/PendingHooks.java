package dev.ssewatch.agent.installer;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.agent.bootstrap.Hooks;
import dev.ssewatch.agent.bootstrap.ServerHooks;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The hooks in place from premain until the recording is set up on the {@code ssewatch-startup}
 * thread ({@link AgentSetUp}): each call waits for the set-up, then goes to the agent's hooks, so
 * that an exchange that begins meanwhile is recorded from its start. Once set up, the agent's hooks
 * replace these in the bridge and only calls already under way come through here.
 *
 * <p>The wait is bounded by a deadline, {@link #MAX_WAIT} after premain, not per call: an exporter
 * whose creation hangs (a name look-up, a credential source that never answers) must never hold the
 * application's request threads, or a Netty event loop, more than once. Past the deadline a call
 * that finds the set-up unfinished returns at once and its exchange is not recorded (said once on
 * standard error); if the set-up fails, every call returns at once and nothing is recorded.
 */
final class PendingHooks implements Hooks, ServerHooks {

  /**
   * How long after premain a call waits at most for the set-up. The set-up (settings, exporters,
   * recorders) takes 50 to 300 ms of a loaded machine's wall time, and before it moved off premain
   * every application waited for it in full; ten seconds leaves room for a machine far slower than
   * that while bounding what a hung exporter costs a request that came that early.
   */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private final CountDownLatch settled = new CountDownLatch(1);
  private final Duration maxWait;
  private final long deadlineNanos;
  private final AtomicBoolean toldLate = new AtomicBoolean();

  /** Set before {@link #settled} opens; null until then, and for good if the set-up failed. */
  private volatile Hooks hooks;

  private volatile ServerHooks serverHooks;

  /**
   * @param maxWait how long from now calls wait for the set-up at most ({@link #MAX_WAIT} outside
   *     tests)
   */
  PendingHooks(Duration maxWait) {
    this.maxWait = maxWait;
    this.deadlineNanos = System.nanoTime() + maxWait.toNanos();
  }

  /** The set-up is done: calls waiting and to come go to these hooks. */
  void ready(Hooks hooks, ServerHooks serverHooks) {
    this.hooks = hooks;
    this.serverHooks = serverHooks;
    settled.countDown();
  }

  /** The set-up failed: calls waiting and to come return at once, recording nothing. */
  void failed() {
    settled.countDown();
  }

  /** Whether the set-up is over, after waiting for it until the deadline at most. */
  private boolean awaitSettled() {
    if (settled.getCount() == 0) {
      return true;
    }
    long left = deadlineNanos - System.nanoTime();
    try {
      if (left > 0 && settled.await(left, TimeUnit.NANOSECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      // The application wants this thread back: it goes on unrecorded, interrupted still.
      Thread.currentThread().interrupt();
      return settled.getCount() == 0;
    }
    if (settled.getCount() == 0) {
      return true;
    }
    if (toldLate.compareAndSet(false, true)) {
      AgentLog.info(
          "an exchange began while the agent was still being set up, more than "
              + maxWait.toMillis()
              + " ms after premain: it is not recorded, nor any other until the agent is ready");
    }
    return false;
  }

  private Hooks hooks() {
    return awaitSettled() ? hooks : null;
  }

  private ServerHooks serverHooks() {
    return awaitSettled() ? serverHooks : null;
  }

  @Override
  public Object servletEnter(
      Object request, Object response, boolean newRequest, String namespace) {
    Hooks h = hooks();
    return h == null ? null : h.servletEnter(request, response, newRequest, namespace);
  }

  @Override
  public void servletExit(Object token, boolean asyncStarted, Throwable thrown) {
    Hooks h = hooks();
    if (h != null) {
      h.servletExit(token, asyncStarted, thrown);
    }
  }

  @Override
  public void servletBody(Object response, Object body, String contentType) {
    Hooks h = hooks();
    if (h != null) {
      h.servletBody(response, body, contentType);
    }
  }

  @Override
  public void servletContentLength(Object response, long length) {
    Hooks h = hooks();
    if (h != null) {
      h.servletContentLength(response, length);
    }
  }

  @Override
  public void servletComplete(Object response) {
    Hooks h = hooks();
    if (h != null) {
      h.servletComplete(response);
    }
  }

  @Override
  public void tomcatCompressor(Object response, Object output) {
    Hooks h = hooks();
    if (h != null) {
      h.tomcatCompressor(response, output);
    }
  }

  @Override
  public void nettyRequest(
      Object channel,
      String method,
      String uri,
      Iterable<? extends Map.Entry<String, String>> headers) {
    Hooks h = hooks();
    if (h != null) {
      h.nettyRequest(channel, method, uri, headers);
    }
  }

  @Override
  public BodyContext start(
      Object key,
      String family,
      Object exchange,
      String method,
      String url,
      Iterable<? extends Map.Entry<?, ?>> requestHeaders,
      int status,
      Iterable<? extends Map.Entry<?, ?>> responseHeaders) {
    ServerHooks h = serverHooks();
    return h == null
        ? null
        : h.start(key, family, exchange, method, url, requestHeaders, status, responseHeaders);
  }

  @Override
  public void bind(Object alias, BodyContext context) {
    ServerHooks h = serverHooks();
    if (h != null) {
      h.bind(alias, context);
    }
  }

  @Override
  public void bufferData(BodyContext context, Object buffer) {
    ServerHooks h = serverHooks();
    if (h != null) {
      h.bufferData(context, buffer);
    }
  }

  @Override
  public void committed(String family, Object exchange, Object compressorOutput) {
    ServerHooks h = serverHooks();
    if (h != null) {
      h.committed(family, exchange, compressorOutput);
    }
  }

  @Override
  public boolean streamReset(String family, Object connection) {
    ServerHooks h = serverHooks();
    return h != null && h.streamReset(family, connection);
  }
}
