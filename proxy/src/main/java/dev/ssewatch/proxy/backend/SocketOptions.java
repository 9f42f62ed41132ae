package dev.ssewatch.proxy.backend;

import dev.ssewatch.proxy.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import java.time.Duration;

/**
 * TCP options of both connections: keepalive with the idle time under the idle budget, so the
 * connection itself stays visible to stateful intermediaries even when no bytes flow, plus the
 * write-buffer water marks that bound memory per stream. Which option objects set the keepalive
 * timing is the {@link Transport}'s business.
 */
public final class SocketOptions {

  /** Unanswered probes before the kernel gives a connection up. */
  static final int KEEPALIVE_PROBES = 4;

  /**
   * One receive-buffer allocator for every connection: it holds nothing per channel (each channel
   * still gets its own handle), and Netty would otherwise make one per channel. Its handles are a
   * third the size of Netty's adaptive ones, sized alike.
   */
  private static final RecvByteBufAllocator RECEIVE = new ReceiveSizes();

  private SocketOptions() {}

  /** Whether {@code transport} lets the keepalive idle time be set per socket here. */
  public static boolean keepAliveIdleSupported(Transport transport) {
    return transport.keepAliveIdle() != null;
  }

  /** Seconds of silence before the first keepalive probe: half the budget, 1 s at least. */
  public static int keepAliveIdleSeconds(Duration idleBudget) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleBudget.toSeconds() / 2));
  }

  /** Seconds between keepalive probes: a quarter of the idle time, 1 s at least. */
  public static int keepAliveIntervalSeconds(Duration idleBudget) {
    return Math.max(1, keepAliveIdleSeconds(idleBudget) / 4);
  }

  /** The options of the connections {@code b} opens. */
  public static void apply(
      Bootstrap b, Transport transport, Duration idleBudget, WriteBufferWaterMark marks) {
    b.option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, marks);
    if (keepAliveIdleSupported(transport)) {
      b.option(transport.keepAliveIdle(), keepAliveIdleSeconds(idleBudget))
          .option(transport.keepAliveInterval(), keepAliveIntervalSeconds(idleBudget))
          .option(transport.keepAliveCount(), KEEPALIVE_PROBES);
    }
  }

  /** The same options on the connections a listener accepts. */
  public static void applyToChildren(
      ServerBootstrap b, Transport transport, Duration idleBudget, WriteBufferWaterMark marks) {
    b.childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, marks);
    if (keepAliveIdleSupported(transport)) {
      b.childOption(transport.keepAliveIdle(), keepAliveIdleSeconds(idleBudget))
          .childOption(transport.keepAliveInterval(), keepAliveIntervalSeconds(idleBudget))
          .childOption(transport.keepAliveCount(), KEEPALIVE_PROBES);
    }
  }
}
