package dev.ssewatch.proxy.frontend;

import dev.ssewatch.proxy.admin.ProxyMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listener's own handler, in front of Netty's acceptor: it refuses connections beyond the
 * connection limit, and it keeps the listener alive through accept errors.
 *
 * <p>An accept fails when the process is out of file descriptors (EMFILE, ENFILE) or out of memory;
 * the connection stays in the kernel's backlog. Retrying at once would spin, and Netty's acceptor
 * would pause for a second and pass the error to the pipeline's tail, whose warning can itself fail
 * while no descriptor is free (a class or time-zone file that cannot be opened), and an error
 * escaping there ends the event loop. So the error stops here: accepting pauses for 50 ms, doubling
 * up to 1 s while the errors go on, each one counted, at most one warning a minute, and nothing
 * thrown. Accepting resumes when the pause is over; the first connection accepted ends the streak.
 */
public final class AcceptGuard extends ChannelInboundHandlerAdapter {

  private static final System.Logger LOG = System.getLogger(AcceptGuard.class.getName());
  private static final long FIRST_PAUSE_MILLIS = 50;
  private static final long LONGEST_PAUSE_MILLIS = 1000;
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final int maxConnections;
  private final ProxyMetrics metrics;
  private final boolean clientListener;
  private final AtomicInteger open = new AtomicInteger();
  private final ChannelFutureListener onChildClosed = f -> open.decrementAndGet();

  /** When the current streak of accept errors began, or 0 while accepting works. */
  private volatile long failingSinceNanos;

  /** When the latest accept error happened. */
  private volatile long lastErrorNanos;

  private volatile boolean paused;
  private volatile String lastError;
  private long pauseMillis;
  private long lastLogNanos;
  private boolean logged;

  /**
   * @param clientListener whether this is the client listener, whose connections {@code /metrics}
   *     shows (the admin listener has its own guard)
   */
  public AcceptGuard(int maxConnections, ProxyMetrics metrics, boolean clientListener) {
    this.maxConnections = maxConnections;
    this.metrics = metrics;
    this.clientListener = clientListener;
    if (clientListener) {
      metrics.openConnections(open::get);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failingSinceNanos != 0) {
      failingSinceNanos = 0;
      pauseMillis = 0;
    }
    Channel child = (Channel) msg;
    if (open.incrementAndGet() > maxConnections) {
      open.decrementAndGet();
      if (clientListener) {
        metrics.connectionRefused();
      }
      // Not registered with a loop yet: closing the socket is all there is to do.
      child.unsafe().closeForcibly();
      return;
    }
    child.closeFuture().addListener(onChildClosed);
    ctx.fireChannelRead(child);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Nothing on this path may throw: it runs when the process may be unable to open a file.
    try {
      long now = System.nanoTime();
      if (clientListener) {
        metrics.acceptError();
      }
      lastErrorNanos = now;
      if (failingSinceNanos == 0) {
        failingSinceNanos = now == 0 ? 1 : now;
      }
      lastError = String.valueOf(cause.getMessage());
      pauseMillis =
          pauseMillis == 0 ? FIRST_PAUSE_MILLIS : Math.min(LONGEST_PAUSE_MILLIS, pauseMillis * 2);
      paused = true;
      ctx.channel().config().setAutoRead(false);
      ctx.executor().schedule(() -> resume(ctx), pauseMillis, TimeUnit.MILLISECONDS);
      if (!logged || now - lastLogNanos >= LOG_INTERVAL_NANOS) {
        logged = true;
        lastLogNanos = now;
        LOG.log(
            System.Logger.Level.WARNING,
            "cannot accept connections ({0}); pausing accepts, retrying every {1} ms at most",
            lastError,
            LONGEST_PAUSE_MILLIS);
      }
    } catch (Throwable t) {
      // Out of memory or of descriptors: the pause is set or the next error sets it.
      paused = true;
    }
  }

  private void resume(ChannelHandlerContext ctx) {
    paused = false;
    if (ctx.channel().isOpen()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Client connections open now. */
  public int openConnections() {
    return open.get();
  }

  /**
   * How long accepting has been failing, or 0 when it is not: errors without a connection accepted
   * in between, the latest less than two of the longest pauses ago or the pause still running.
   */
  public long failingNanos(long nowNanos) {
    long since = failingSinceNanos;
    if (since == 0) {
      return 0;
    }
    if (!paused
        && nowNanos - lastErrorNanos > 2 * TimeUnit.MILLISECONDS.toNanos(LONGEST_PAUSE_MILLIS)) {
      // Resumed and no error since: descriptors are free again, only no one has connected yet.
      return 0;
    }
    return nowNanos - since;
  }

  /** The latest accept error's message. */
  public String lastError() {
    return lastError;
  }
}
