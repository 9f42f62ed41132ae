package dev.ssewatch.proxy.backend;

import io.netty.channel.Channel;

/** The client side of the proxy, as the backend connection's handler reports to it. */
public interface BackendListener {

  /** A decoded response part; ownership passes to the listener. */
  void onBackendMessage(Channel backend, Object msg);

  void onBackendReadComplete(Channel backend);

  void onBackendWritabilityChanged(Channel backend);

  void onBackendInactive(Channel backend);
}
