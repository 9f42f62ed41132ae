package dev.ssewatch.proxy;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.stream.StreamSnapshot;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import dev.ssewatch.proxy.admin.AdminServer;
import dev.ssewatch.proxy.admin.ProxyMetrics;
import dev.ssewatch.proxy.admin.live.LiveHub;
import dev.ssewatch.proxy.backend.BackendConnector;
import dev.ssewatch.proxy.backend.SocketOptions;
import dev.ssewatch.proxy.backend.TlsFailures;
import dev.ssewatch.proxy.frontend.AcceptGuard;
import dev.ssewatch.proxy.frontend.ClientConnections;
import dev.ssewatch.proxy.frontend.FrontendContext;
import dev.ssewatch.proxy.frontend.FrontendHandler;
import dev.ssewatch.proxy.sse.Heartbeats;
import dev.ssewatch.proxy.sse.RecorderTaps;
import dev.ssewatch.proxy.sse.StreamTaps;
import dev.ssewatch.proxy.tls.TlsContexts;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The logging reverse proxy, embeddable: {@code ProxyServer.builder(config).build().start()}, then
 * {@link #port()}, then {@link #close()}.
 */
public final class ProxyServer implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(ProxyServer.class.getName());

  private final ProxyConfig config;
  private final ProxyMetrics metrics = new ProxyMetrics();
  private final Heartbeats heartbeats = new Heartbeats(metrics::heartbeat);
  private final LiveHub live;
  private final StreamTaps taps;
  private final StreamRecorders recorders;
  private final TelemetryDispatcher dispatcher;
  private final EventLoopGroup group;
  private final ClientConnections clients = new ClientConnections();
  private final AcceptGuard acceptGuard;
  private volatile boolean shuttingDown;
  private volatile Channel serverChannel;
  private AdminServer admin;
  private boolean closed;

  private ProxyServer(Builder b) {
    this.config = b.config;
    Transport transport = config.transport();
    if (!transport.isAvailable()) {
      throw new IllegalStateException(
          "the "
              + transport.wireName()
              + " transport is not available here: "
              + transport.unavailabilityCause());
    }
    ErrorPathWarmup.run();
    ClassPreload.run();
    this.group =
        new MultiThreadIoEventLoopGroup(
            b.threads > 0 ? b.threads : config.eventLoopThreads(),
            LoopGuard.guard(transport.ioHandlerFactory(), metrics::eventLoopError));
    this.acceptGuard = new AcceptGuard(config.limits().maxConnections(), metrics, true);
    metrics.transport(transport.wireName());
    this.live = new LiveHub(this::snapshots, this::idleBudgetMillis);
    if (b.taps != null) {
      this.taps = b.taps;
      this.recorders = null;
      this.dispatcher = null;
    } else {
      Settings settings = b.settings == null ? Settings.load() : b.settings;
      if (b.telemetry == null) {
        this.dispatcher = TelemetryDispatcher.create(settings);
        metrics.telemetryDropped(dispatcher::dropped);
        metrics.alertGrouping(dispatcher::alertsHeld, dispatcher::alertsUngrouped);
        metrics.exporterHealth(dispatcher::exporterHealth);
      } else {
        this.dispatcher = null;
      }
      Consumer<TelemetryRecord> sink =
          metrics.counting(live.tee(b.telemetry == null ? dispatcher : b.telemetry));
      this.recorders =
          StreamRecorders.create(settings, StreamSource.PROXY, sink, TimeSource.system());
      this.taps = new RecorderTaps(recorders);
    }
  }

  public static Builder builder(ProxyConfig config) {
    return new Builder(config);
  }

  /** Binds the listeners; returns this server once it accepts connections. */
  public ProxyServer start() {
    try {
      WriteBufferWaterMark marks =
          new WriteBufferWaterMark(config.lowWaterMark(), config.highWaterMark());
      BackendConnector connector =
          new BackendConnector(config.transport(), marks, new TlsFailures(metrics));
      connector.prepare(config.routes());
      SslContext ssl = config.serverTls() == null ? null : TlsContexts.server(config.serverTls());
      FrontendContext fc =
          new FrontendContext(
              config,
              ssl == null ? "http" : "https",
              taps,
              connector,
              metrics,
              clients,
              () -> shuttingDown,
              heartbeats);
      Duration budget =
          config.routes().stream()
              .map(r -> r.options().idleBudget())
              .min(Comparator.naturalOrder())
              .orElse(RouteOptions.DEFAULT_IDLE_BUDGET);
      ServerBootstrap sb =
          new ServerBootstrap()
              .group(group)
              .channelFactory(config.transport().listeners())
              .option(ChannelOption.SO_BACKLOG, 4096)
              .handler(acceptGuard)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ChannelPipeline p = ch.pipeline();
                      if (ssl != null) {
                        p.addLast(ssl.newHandler(ch.alloc()));
                      }
                      p.addLast(FrontendHandler.newCodec());
                      p.addLast(new FrontendHandler(fc));
                    }
                  });
      SocketOptions.applyToChildren(sb, config.transport(), budget, marks);
      serverChannel = sb.bind(config.listen()).sync().channel();
      if (config.admin() != null) {
        admin =
            AdminServer.start(
                config.admin(),
                group,
                config.transport(),
                metrics,
                this::snapshots,
                this::healthProblem,
                config.adminAccess(),
                live);
      }
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Why the proxy cannot serve now, or {@code null} when it can: shutting down, the listener
   * closed, an event loop stopped, or accepting failing for longer than the configured time.
   */
  public String healthProblem() {
    if (shuttingDown) {
      return "shutting down";
    }
    Channel listener = serverChannel;
    if (listener == null || !listener.isActive()) {
      return "not ok: the listener is closed";
    }
    for (EventExecutor loop : group) {
      if (loop.isShuttingDown()) {
        return "not ok: an event loop has stopped";
      }
    }
    long failing = acceptGuard.failingNanos(System.nanoTime());
    if (failing > config.limits().acceptPausedUnhealthyAfter().toNanos()) {
      return "not ok: cannot accept connections for "
          + TimeUnit.NANOSECONDS.toSeconds(failing)
          + " s ("
          + acceptGuard.lastError()
          + ")";
    }
    return null;
  }

  /** The event loops (for tests). */
  EventLoopGroup eventLoops() {
    return group;
  }

  /** The port clients connect to. */
  public int port() {
    return address().getPort();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The admin listener's address, or {@code null} when it is off. */
  public InetSocketAddress adminAddress() {
    return admin == null ? null : admin.address();
  }

  public ProxyMetrics metrics() {
    return metrics;
  }

  public ProxyConfig config() {
    return config;
  }

  /** Bytes queued in user space towards clients, all connections together (for tests). */
  long bufferedClientBytes() {
    long sum = 0;
    for (Channel ch : clients.channels()) {
      var out = ch.unsafe().outboundBuffer();
      if (out != null) {
        sum += out.totalPendingWriteBytes();
      }
    }
    return sum;
  }

  /** Every open client connection (for tests). */
  List<Channel> clientChannels() {
    return clients.channels();
  }

  /** How many event loops have their heartbeat timer armed (for tests). */
  int armedHeartbeatTimers() {
    return heartbeats.armedTimers();
  }

  /** Metadata of every stream still open. */
  public List<StreamSnapshot> snapshots() {
    if (recorders == null) {
      return List.of();
    }
    long now = System.nanoTime();
    List<StreamSnapshot> out = new ArrayList<>();
    for (StreamRecorder r : recorders.openStreams()) {
      out.add(r.snapshot(now));
    }
    return out;
  }

  /** A route's idle budget, for the live page's gap bars. */
  private long idleBudgetMillis(String route) {
    for (Route r : config.routes()) {
      if (r.name().equals(route)) {
        return r.options().idleBudget().toMillis();
      }
    }
    return RouteOptions.DEFAULT_IDLE_BUDGET.toMillis();
  }

  /** Graceful shutdown with the configured drain period. */
  @Override
  public void close() {
    shutdown(config.drain());
  }

  /**
   * Stops accepting, lets open exchanges finish for up to {@code drain}, closes what is left, then
   * flushes telemetry.
   */
  public synchronized void shutdown(Duration drain) {
    if (closed) {
      return;
    }
    closed = true;
    shuttingDown = true;
    if (serverChannel != null) {
      try {
        serverChannel.close().syncUninterruptibly();
      } catch (RuntimeException e) {
        // Its event loop has stopped (see healthProblem): the socket goes with the process.
        LOG.log(System.Logger.Level.WARNING, "could not close the listener: {0}", e.toString());
      }
    }
    long deadline = System.nanoTime() + drain.toNanos();
    while (metrics.openExchanges() > 0 && System.nanoTime() < deadline) {
      try {
        // Not an event-loop thread: polling a counter is simpler than a completion signal here.
        TimeUnit.MILLISECONDS.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Channel ch : clients.channels()) {
      ch.pipeline().fireUserEventTriggered(FrontendHandler.DRAIN_EXPIRED);
    }
    long closeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!clients.isEmpty() && System.nanoTime() < closeDeadline) {
      try {
        TimeUnit.MILLISECONDS.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    closeClients(TimeUnit.SECONDS.toNanos(5));
    live.close();
    if (admin != null) {
      try {
        admin.close();
      } catch (RuntimeException e) {
        LOG.log(
            System.Logger.Level.WARNING, "could not close the admin listener: {0}", e.toString());
      }
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    if (recorders != null) {
      recorders.close();
    }
    if (dispatcher != null && !dispatcher.shutdown(Duration.ofSeconds(5))) {
      LOG.log(System.Logger.Level.WARNING, "telemetry was not fully flushed at shutdown");
    }
  }

  /** Closes every client connection still open and waits up to {@code nanos} for them. */
  private void closeClients(long nanos) {
    List<Channel> left = clients.channels();
    for (Channel ch : left) {
      ch.close();
    }
    long deadline = System.nanoTime() + nanos;
    for (Channel ch : left) {
      long rest = deadline - System.nanoTime();
      if (rest <= 0 || !ch.closeFuture().awaitUninterruptibly(rest, TimeUnit.NANOSECONDS)) {
        return;
      }
    }
  }

  /** Configures a {@link ProxyServer}. */
  public static final class Builder {
    private final ProxyConfig config;
    private Settings settings;
    private Consumer<TelemetryRecord> telemetry;
    private StreamTaps taps;
    private int threads;

    private Builder(ProxyConfig config) {
      this.config = config;
    }

    /** The {@code ssewatch.*} settings for recording and export (default: system and env). */
    public Builder settings(Settings s) {
      this.settings = s;
      return this;
    }

    /** Where records go instead of a dispatcher built from the settings. */
    public Builder telemetry(Consumer<TelemetryRecord> sink) {
      this.telemetry = sink;
      return this;
    }

    /** Replaces recording altogether (e.g. {@link StreamTaps#NONE} for pure forwarding). */
    public Builder streamTaps(StreamTaps t) {
      this.taps = t;
      return this;
    }

    /** Overrides {@link ProxyConfig#threads()}; 0 keeps the configuration's. */
    public Builder eventLoopThreads(int n) {
      this.threads = n;
      return this;
    }

    public ProxyServer build() {
      return new ProxyServer(this);
    }
  }
}
