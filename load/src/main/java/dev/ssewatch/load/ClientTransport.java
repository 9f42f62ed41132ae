package dev.ssewatch.load;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;

/**
 * The I/O transport the client's connections run on. Netty's native epoll transport keeps a
 * connection as a file descriptor and a small native socket object, where NIO adds the JDK's socket
 * channel with its locks and selection key: with tens of thousands of idle streams that difference
 * is most of the client's memory per stream.
 */
enum ClientTransport {
  NIO {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return NioIoHandler.newFactory();
    }

    @Override
    ChannelFactory<? extends Channel> connections() {
      return NioSocketChannel::new;
    }
  },

  EPOLL {
    @Override
    IoHandlerFactory ioHandlerFactory() {
      return EpollIoHandler.newFactory();
    }

    @Override
    ChannelFactory<? extends Channel> connections() {
      return EpollSocketChannel::new;
    }
  };

  abstract IoHandlerFactory ioHandlerFactory();

  abstract ChannelFactory<? extends Channel> connections();

  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * {@code auto}, {@code epoll} or {@code nio}; {@code auto} is epoll where Netty's native library
   * loads (Linux on x86_64 and aarch64), NIO elsewhere.
   *
   * @throws IllegalArgumentException for any other value, or epoll where it cannot run
   */
  static ClientTransport parse(String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "", "auto":
        return epollAvailable() ? EPOLL : NIO;
      case "epoll":
        if (!epollAvailable()) {
          throw new IllegalArgumentException("--transport epoll is not available here");
        }
        return EPOLL;
      case "nio":
        return NIO;
      default:
        throw new IllegalArgumentException(
            "--transport expects auto, epoll or nio, got '" + value + "'");
    }
  }

  private static boolean epollAvailable() {
    try {
      return Epoll.isAvailable();
    } catch (LinkageError e) {
      // netty-transport-classes-epoll left out by an embedder: NIO it is.
      return false;
    }
  }
}
