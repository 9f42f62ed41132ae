package dev.ssewatch.benchmarks.proxyload;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The harness's own side of every mode: the SSE backend on one event loop, the clients on another,
 * each named so that their threads are never counted as the proxy's.
 *
 * @param backendLoop the backend's event loop
 * @param clientLoop the clients' event loop
 * @param backend the backend's listening channel
 */
record LoadRig(EventLoopGroup backendLoop, EventLoopGroup clientLoop, Channel backend)
    implements AutoCloseable {

  /** How a mode's backend starts listening on the backend's event loop. */
  @FunctionalInterface
  interface Backend {
    Channel start(EventLoopGroup loop) throws InterruptedException;
  }

  static LoadRig start() throws InterruptedException {
    return start(SseBackend::start);
  }

  static LoadRig start(Backend backend) throws InterruptedException {
    EventLoopGroup backendLoop = group("load-backend");
    return new LoadRig(backendLoop, group("load-clients"), backend.start(backendLoop));
  }

  /** Where the backend listens: what the direct side connects to and the proxy forwards to. */
  InetSocketAddress backendAddress() {
    return (InetSocketAddress) backend.localAddress();
  }

  @Override
  public void close() throws InterruptedException {
    backend.close().sync();
    clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    backendLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  private static EventLoopGroup group(String name) {
    return new MultiThreadIoEventLoopGroup(
        1, new DefaultThreadFactory(name), ProxyLoad.HARNESS_TRANSPORT.ioHandlerFactory());
  }
}
