package dev.ssewatch.proxy;

import dev.ssewatch.proxy.backend.CompactIdChannels;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import java.io.IOException;
import java.util.Locale;
import jdk.net.ExtendedSocketOptions;

/**
 * The I/O transport every channel of a proxy runs on: the event loops, the listener's and the
 * backend connections' channel classes, and the socket options that differ between them. Netty's
 * native epoll transport (Linux) keeps a connection as a file descriptor and a small native socket
 * object, where NIO adds the JDK's socket channel with its locks, adaptor and selection key (what
 * that costs an open stream: "Memory per open stream" in docs/architecture.md).
 */
public enum Transport {
  /** The JDK's NIO: every platform. Keepalive timing through the JDK's extended socket options. */
  NIO {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    public ChannelFactory<? extends Channel> connections() {
      return CompactIdChannels.Socket::new;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> listeners() {
      return CompactIdChannels.Server::new;
    }

    @Override
    public ChannelOption<Integer> keepAliveIdle() {
      return NIO_KEEPALIVE_TIMING ? NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE) : null;
    }

    @Override
    public ChannelOption<Integer> keepAliveInterval() {
      return NIO_KEEPALIVE_TIMING
          ? NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)
          : null;
    }

    @Override
    public ChannelOption<Integer> keepAliveCount() {
      return NIO_KEEPALIVE_TIMING ? NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT) : null;
    }
  },

  /** Netty's native epoll transport: Linux on x86_64 and aarch64. */
  EPOLL {
    @Override
    public IoHandlerFactory ioHandlerFactory() {
      return EpollIoHandler.newFactory();
    }

    // Netty's epoll channels are final, so they keep Netty's default channel ids (about 100 B per
    // channel more than CompactIdChannels' counter ids).
    @Override
    public ChannelFactory<? extends Channel> connections() {
      return EpollSocketChannel::new;
    }

    @Override
    public ChannelFactory<? extends ServerChannel> listeners() {
      return EpollServerSocketChannel::new;
    }

    @Override
    public ChannelOption<Integer> keepAliveIdle() {
      return EpollChannelOption.TCP_KEEPIDLE;
    }

    @Override
    public ChannelOption<Integer> keepAliveInterval() {
      return EpollChannelOption.TCP_KEEPINTVL;
    }

    @Override
    public ChannelOption<Integer> keepAliveCount() {
      return EpollChannelOption.TCP_KEEPCNT;
    }
  };

  private static final boolean NIO_KEEPALIVE_TIMING = nioSupportsKeepAliveIdle();

  /** Event loops of this transport. */
  public abstract IoHandlerFactory ioHandlerFactory();

  /** Connections the proxy opens (to backends). */
  public abstract ChannelFactory<? extends Channel> connections();

  /** Listeners; the connections they accept are of the same transport. */
  public abstract ChannelFactory<? extends ServerChannel> listeners();

  /** Seconds of silence before the first keepalive probe, or {@code null} where not settable. */
  public abstract ChannelOption<Integer> keepAliveIdle();

  /** Seconds between keepalive probes, or {@code null} where not settable. */
  public abstract ChannelOption<Integer> keepAliveInterval();

  /** Unanswered probes before the connection is dropped, or {@code null} where not settable. */
  public abstract ChannelOption<Integer> keepAliveCount();

  /** The name used in settings, logs and metrics. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this transport can run here. */
  public boolean isAvailable() {
    return this == NIO || epollAvailable();
  }

  /** Why this transport cannot run here, or {@code null} when it can. */
  public String unavailabilityCause() {
    if (isAvailable()) {
      return null;
    }
    try {
      Throwable cause = Epoll.unavailabilityCause();
      return cause == null ? "unknown" : String.valueOf(cause.getMessage());
    } catch (LinkageError e) {
      return "Netty's epoll classes are not on the class path";
    }
  }

  /** Epoll where it is available (Linux with the native library), NIO everywhere else. */
  public static Transport auto() {
    return epollAvailable() ? EPOLL : NIO;
  }

  /**
   * {@code auto}, {@code epoll} or {@code nio}, as in {@code --transport} and {@code
   * ssewatch.proxy.transport}; {@code auto} picks what {@link #auto()} does.
   *
   * @throws IllegalArgumentException for any other value
   */
  public static Transport parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "", "auto":
        return auto();
      case "epoll":
        return EPOLL;
      case "nio":
        return NIO;
      default:
        throw new IllegalArgumentException("expected auto, epoll or nio, got '" + value + "'");
    }
  }

  private static boolean epollAvailable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      // An embedder left netty-transport-classes-epoll out: NIO it is.
      return false;
    }
  }

  private static boolean nioSupportsKeepAliveIdle() {
    try (java.nio.channels.SocketChannel ch = java.nio.channels.SocketChannel.open()) {
      return ch.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
