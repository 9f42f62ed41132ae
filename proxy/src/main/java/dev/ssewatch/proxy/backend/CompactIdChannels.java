package dev.ssewatch.proxy.backend;

import io.netty.channel.Channel;
import io.netty.channel.ChannelId;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.SocketUtils;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * NIO channels numbered by a counter. Netty's default channel id (machine, process, time, random)
 * is kept for the channel's whole life, and the proxy only needs ids unique within the process (its
 * channel group); what that costs an open stream, with its two channels, is in "Memory per open
 * stream" in docs/architecture.md.
 */
public final class CompactIdChannels {

  private static final System.Logger LOG = System.getLogger(CompactIdChannels.class.getName());
  private static final AtomicLong NEXT = new AtomicLong();

  private CompactIdChannels() {}

  /** A connection, to a backend or accepted from a client. */
  public static final class Socket extends NioSocketChannel {

    public Socket() {}

    Socket(Channel parent, java.nio.channels.SocketChannel ch) {
      super(parent, ch);
    }

    @Override
    protected ChannelId newId() {
      return new Id(NEXT.incrementAndGet());
    }
  }

  /** A listener whose accepted connections are {@link Socket}s. */
  public static final class Server extends NioServerSocketChannel {

    /**
     * Netty's NIO listener closes itself on any accept error but an {@link java.io.IOException}; an
     * error while accepting (out of memory, a class that cannot be loaded while no descriptor is
     * free) says nothing about the listening socket, so it stays open, as the epoll listener does,
     * and the listener's handler pauses accepting.
     */
    @Override
    protected boolean closeOnReadError(Throwable cause) {
      return !isActive();
    }

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
      java.nio.channels.SocketChannel ch = SocketUtils.accept(javaChannel());
      if (ch == null) {
        return 0;
      }
      try {
        buf.add(new Socket(this, ch));
        return 1;
      } catch (Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "could not set up an accepted connection: {0}", t);
        try {
          ch.close();
        } catch (Throwable t2) {
          LOG.log(System.Logger.Level.DEBUG, "could not close a socket: {0}", t2.toString());
        }
        return 0;
      }
    }
  }

  private record Id(long value) implements ChannelId {

    @Override
    public String asShortText() {
      return Long.toHexString(value);
    }

    @Override
    public String asLongText() {
      return "ssewatch-" + Long.toHexString(value);
    }

    @Override
    public int compareTo(ChannelId o) {
      return o instanceof Id other
          ? Long.compare(value, other.value)
          : asLongText().compareTo(o.asLongText());
    }

    @Override
    public String toString() {
      return asShortText();
    }
  }
}
