package dev.ssewatch.proxy.backend;

import io.netty.bootstrap.AbstractBootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.nio.NioChannelOption;
import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import jdk.net.ExtendedSocketOptions;

/**
 * TCP options of both connections: keepalive with the idle time under the idle budget, so the
 * connection itself stays visible to stateful intermediaries even when no bytes flow, plus the
 * write-buffer water marks that bound memory per stream.
 */
public final class SocketOptions {

  private static final boolean KEEPIDLE_SUPPORTED = supports(ExtendedSocketOptions.TCP_KEEPIDLE);

  /**
   * One receive-buffer allocator for every connection: it only holds its size limits (each channel
   * still gets its own handle), and Netty would otherwise make one per channel.
   */
  private static final RecvByteBufAllocator RECEIVE = new AdaptiveRecvByteBufAllocator();

  private SocketOptions() {}

  /** Whether this platform lets the keepalive idle time be set per socket. */
  public static boolean keepAliveIdleSupported() {
    return KEEPIDLE_SUPPORTED;
  }

  /** Seconds of silence before the first keepalive probe: half the budget, 1 s at least. */
  public static int keepAliveIdleSeconds(Duration idleBudget) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, idleBudget.toSeconds() / 2));
  }

  static void apply(AbstractBootstrap<?, ?> b, Duration idleBudget, WriteBufferWaterMark marks) {
    b.option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, marks);
    if (KEEPIDLE_SUPPORTED) {
      int idle = keepAliveIdleSeconds(idleBudget);
      b.option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idle)
          .option(
              NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), Math.max(1, idle / 4))
          .option(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), 4);
    }
  }

  /** The same options on the connections a listener accepts. */
  public static void applyToChildren(
      ServerBootstrap b, Duration idleBudget, WriteBufferWaterMark marks) {
    b.childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, marks);
    if (KEEPIDLE_SUPPORTED) {
      int idle = keepAliveIdleSeconds(idleBudget);
      b.childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE), idle)
          .childOption(
              NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL), Math.max(1, idle / 4))
          .childOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), 4);
    }
  }

  private static boolean supports(SocketOption<?> option) {
    try (SocketChannel ch = SocketChannel.open()) {
      return ch.supportedOptions().contains(option);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
