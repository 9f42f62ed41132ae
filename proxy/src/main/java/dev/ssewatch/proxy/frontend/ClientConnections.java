package dev.ssewatch.proxy.frontend;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Every open client connection, for a graceful shutdown to reach them all. The connections' own
 * handlers are linked into a list, so an open connection costs two fields here rather than a node
 * of a concurrent map (Netty's channel group). Connections come and go on the event loops and the
 * list is read only by shutdown and tests, so one lock, held for a few pointer updates, is enough.
 */
public final class ClientConnections {

  private FrontendHandler first;
  private int size;

  void add(FrontendHandler h) {
    synchronized (this) {
      h.newerClient = null;
      h.olderClient = first;
      if (first != null) {
        first.newerClient = h;
      }
      first = h;
      size++;
    }
  }

  /** Takes {@code h} out; a handler that is not in the list is left alone. */
  void remove(FrontendHandler h) {
    synchronized (this) {
      if (h.newerClient == null && first != h) {
        return;
      }
      if (h.newerClient != null) {
        h.newerClient.olderClient = h.olderClient;
      } else {
        first = h.olderClient;
      }
      if (h.olderClient != null) {
        h.olderClient.newerClient = h.newerClient;
      }
      h.newerClient = null;
      h.olderClient = null;
      size--;
    }
  }

  /** The connections open now, newest first. */
  public List<Channel> channels() {
    synchronized (this) {
      List<Channel> out = new ArrayList<>(size);
      for (FrontendHandler h = first; h != null; h = h.olderClient) {
        out.add(h.channel());
      }
      return out;
    }
  }

  public boolean isEmpty() {
    synchronized (this) {
      return first == null;
    }
  }
}
