package dev.ssewatch.proxy.frontend;

import dev.ssewatch.proxy.ClientLimits;
import dev.ssewatch.proxy.admin.ProxyMetrics;
import dev.ssewatch.proxy.admin.ProxyMetrics.ClientTimeout;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client-side timeouts of one connection: the request head, the keep-alive wait between
 * requests and the request body's idle time. Not a handler, so it costs an open stream no pipeline
 * context (see "Memory per open stream" in docs/architecture.md): its connection's {@link
 * FrontendHandler} tells it about reads and exchange ends, and it asks the handler which phase the
 * connection is in.
 *
 * <p>One timer at most, set for the earliest deadline and checked lazily when it fires (as Netty's
 * idle handler does): a read only moves a timestamp. Once a request is complete or its response has
 * begun, the connection is {@link #BUSY} and no client timeout applies: an event stream, flowing or
 * quiet, is never cut by one, and the timer is not set again until the exchange ends.
 */
final class ClientTimeouts implements Runnable {

  /** No exchange: waiting for the next request, or for the rest of its head. */
  static final byte IDLE = 0;

  /** An exchange whose request body is still coming and whose response has not begun. */
  static final byte BODY = 1;

  /** An exchange past its request: governed by the backend's timeouts, not the client's. */
  static final byte BUSY = 2;

  /** Fired into the pipeline when the request body has been idle too long. */
  static final Object REQUEST_BODY_TIMEOUT = new Object();

  private static final byte[] HEAD_TIMEOUT_BODY =
      "408 Request Timeout: the request head did not arrive in time\n"
          .getBytes(StandardCharsets.US_ASCII);

  private final FrontendHandler handler;
  private final Channel channel;
  private final ProxyMetrics metrics;
  private final long headNanos;
  private final long keepAliveNanos;
  private final long bodyNanos;

  /** When the connection last became idle: its accept, or its last exchange's end. */
  private long idleSinceNanos;

  /** When the first bytes of the next request head came, or 0 while none have. */
  private long headStartNanos;

  /** No request yet: the head timeout counts from the accept. */
  private boolean firstRequest = true;

  private long bodyReadNanos;
  private ScheduledFuture<?> timer;
  private long timerDueNanos;
  private boolean stopped;

  ClientTimeouts(
      FrontendHandler handler, Channel channel, ClientLimits limits, ProxyMetrics metrics) {
    this.handler = handler;
    this.channel = channel;
    this.metrics = metrics;
    this.headNanos = limits.requestHeadTimeout().toNanos();
    this.keepAliveNanos = limits.keepAliveTimeout().toNanos();
    this.bodyNanos = limits.requestBodyTimeout().toNanos();
  }

  /** The connection was accepted. */
  void start(long now) {
    idleSinceNanos = now;
    arm(now + headNanos, now);
  }

  /** The client sent bytes; the handler has dispatched what they completed. */
  void onRead(long now) {
    switch (handler.timeoutPhase()) {
      case IDLE -> {
        // Bytes without a complete head: a request has begun (the first one's clock runs since
        // the accept already).
        if (headStartNanos == 0) {
          headStartNanos = now;
          arm((firstRequest ? idleSinceNanos : now) + headNanos, now);
        }
      }
      case BODY -> {
        firstRequest = false;
        headStartNanos = 0;
        bodyReadNanos = now;
        arm(now + bodyNanos, now);
      }
      default -> {
        firstRequest = false;
        headStartNanos = 0;
      }
    }
  }

  /** An exchange ended; the connection waits for its next request. */
  void onExchangeEnded(long now) {
    firstRequest = false;
    idleSinceNanos = now;
    headStartNanos = 0;
    // A pipelined request already read may start its body wait now, without a read to say so.
    bodyReadNanos = now;
    arm(now + Math.min(keepAliveNanos, bodyNanos), now);
  }

  void stop() {
    stopped = true;
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void run() {
    timer = null;
    if (stopped || !channel.isActive()) {
      return;
    }
    long now = System.nanoTime();
    switch (handler.timeoutPhase()) {
      case IDLE -> {
        if (firstRequest || headStartNanos != 0) {
          long due = (firstRequest ? idleSinceNanos : headStartNanos) + headNanos;
          if (now - due >= 0) {
            expireHead(headStartNanos != 0);
          } else {
            arm(due, now);
          }
        } else {
          long due = idleSinceNanos + keepAliveNanos;
          if (now - due >= 0) {
            metrics.clientTimeout(ClientTimeout.KEEP_ALIVE);
            stopped = true;
            channel.close();
          } else {
            arm(due, now);
          }
        }
      }
      case BODY -> {
        long due = bodyReadNanos + bodyNanos;
        if (now - due >= 0) {
          metrics.clientTimeout(ClientTimeout.REQUEST_BODY);
          stopped = true;
          channel.pipeline().fireUserEventTriggered(REQUEST_BODY_TIMEOUT);
        } else {
          arm(due, now);
        }
      }
      default -> {
        // A response is on its way: not the client's timeouts' business. Set again at its end.
      }
    }
  }

  /**
   * 408 and close when part of a head came, a silent close when nothing did (a browser's
   * speculative connection, a port scan: nobody to answer), as nginx and HAProxy do. Nothing was
   * parsed, so nothing is recorded.
   */
  private void expireHead(boolean partial) {
    metrics.clientTimeout(ClientTimeout.REQUEST_HEAD);
    stopped = true;
    if (!partial) {
      channel.close();
      return;
    }
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.REQUEST_TIMEOUT,
            Unpooled.wrappedBuffer(HEAD_TIMEOUT_BODY));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, HEAD_TIMEOUT_BODY.length)
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    channel.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  /** Makes sure the timer fires by {@code due}; an earlier timer stays and re-checks then. */
  private void arm(long due, long now) {
    if (stopped) {
      return;
    }
    if (timer != null) {
      if (timerDueNanos - due <= 0) {
        return;
      }
      timer.cancel(false);
    }
    timerDueNanos = due;
    timer = channel.eventLoop().schedule(this, Math.max(0, due - now), TimeUnit.NANOSECONDS);
  }
}
