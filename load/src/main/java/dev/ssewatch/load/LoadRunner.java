package dev.ssewatch.load;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.risk.RiskSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.HdrHistogram.Histogram;

/**
 * Runs a plan: opens streams on schedule on the event loops, samples the figures once a second on
 * the calling thread, stops at the duration (or when a fixed population has ended), and returns the
 * result.
 */
final class LoadRunner {

  /** Longest response status line accepted. */
  static final int MAX_INITIAL_LINE = 4096;

  /** Largest response header block accepted; a larger one ends the connection as an error. */
  static final int MAX_HEADER_BYTES = 16 * 1024;

  /** How long the run waits for its streams to close once it is over. */
  static final long STOP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  private static final long SAMPLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final LoadPlan plan;
  private final LoadMetrics metrics = new LoadMetrics();
  private final RiskSettings risk;
  private final LatencyScanner.Spec latencyScan;
  private final boolean latencyFromId;
  private final Map<Target, List<Header>> requestHeaders = new IdentityHashMap<>();
  private final Map<Target, InetSocketAddress> addresses = new IdentityHashMap<>();
  private final Set<LoadStream> live = ConcurrentHashMap.newKeySet();
  private final long wallMicrosBase;
  private final long nanoBase;
  private volatile boolean stopping;
  private EventLoopGroup group;
  private final Map<EventExecutor, Bootstrap> bootstraps = new IdentityHashMap<>();
  private SslContext ssl;

  LoadRunner(LoadPlan plan) {
    this.plan = plan;
    this.risk =
        RiskSettings.defaults().withIdleBudget(plan.idleBudget().toNanos(), "--idle-budget");
    LatencySource l = plan.latency();
    this.latencyFromId = l != null && l.kind() == LatencySource.Kind.ID;
    this.latencyScan = l == null || latencyFromId ? null : new LatencyScanner.Spec(l);
    for (Target t : plan.scenario().targets()) {
      requestHeaders.put(t, defaultHeaders(t));
    }
    Instant now = Instant.now();
    this.nanoBase = System.nanoTime();
    this.wallMicrosBase = ChronoUnit.MICROS.between(Instant.EPOCH, now);
  }

  /**
   * Runs to the end.
   *
   * @throws IOException when a host does not resolve or the TLS settings do not load: the run
   *     cannot start
   */
  LoadResult run(Consumer<Progress> progress) throws IOException {
    for (Target t : plan.scenario().targets()) {
      try {
        addresses.put(t, new InetSocketAddress(InetAddress.getByName(t.url().getHost()), t.port()));
      } catch (UnknownHostException e) {
        throw new IOException("cannot resolve " + t.url().getHost());
      }
    }
    ssl = sslContext();
    group = new MultiThreadIoEventLoopGroup(plan.threads(), plan.transport().ioHandlerFactory());
    try {
      for (EventExecutor e : group) {
        bootstraps.put(e, bootstrap((EventLoop) e));
      }
      return drive(progress);
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
  }

  private LoadResult drive(Consumer<Progress> progress) {
    long startedAtMillis = System.currentTimeMillis();
    long start = System.nanoTime();
    long end = start + plan.duration().toNanos();
    long nextSample = start + SAMPLE_NANOS;
    long started = 0;
    long[] last = new long[5];
    List<Sample> timeline = new ArrayList<>();
    long now;
    while (true) {
      now = System.nanoTime();
      if (now - end >= 0) {
        break;
      }
      long due = plan.startsDue(now - start);
      while (started < due) {
        if (live.size() >= plan.maxOpen()) {
          metrics.skippedAtMaxOpen.increment();
        } else {
          startStream(started);
        }
        started++;
      }
      if (plan.rate() == 0 && started >= plan.streams() && live.isEmpty()) {
        break;
      }
      if (now - nextSample >= 0) {
        Sample sample = sample(timeline.size(), last);
        timeline.add(sample);
        progress.accept(progress(now - start, started, sample.events()));
        nextSample += SAMPLE_NANOS;
      }
      LockSupport.parkNanos(Math.max(1, Math.min(TICK_NANOS, Math.min(nextSample, end) - now)));
    }
    stopping = true;
    for (LoadStream s : live) {
      s.loop().execute(s::stop);
    }
    long stopDeadline = System.nanoTime() + STOP_WAIT_NANOS;
    while (!live.isEmpty() && System.nanoTime() - stopDeadline < 0) {
      LockSupport.parkNanos(TICK_NANOS);
    }
    long elapsed = System.nanoTime() - start;
    Sample sample = sample(timeline.size(), last);
    timeline.add(sample);
    long lastInterval = elapsed - (long) (timeline.size() - 1) * SAMPLE_NANOS;
    progress.accept(
        progress(elapsed, started, sample.events() * SAMPLE_NANOS / Math.max(1, lastInterval)));
    return result(startedAtMillis, elapsed, timeline);
  }

  private void startStream(long index) {
    Target t = plan.scenario().pick(index);
    EventLoop loop = (EventLoop) group.next();
    LoadStream s = new LoadStream(this, t, loop);
    live.add(s);
    metrics.liveStreams.incrementAndGet();
    loop.execute(s::start);
  }

  private Sample sample(int second, long[] last) {
    Map<Metric, Histogram> interval = metrics.takeInterval();
    long connections = metrics.connections.sum();
    long events = metrics.events.sum();
    long bytes = metrics.bytes.sum();
    long errors = metrics.failedConnections.sum();
    long reconnects = metrics.reconnects.sum();
    Sample s =
        new Sample(
            second,
            metrics.openConnections.get(),
            connections - last[0],
            events - last[1],
            bytes - last[2],
            errors - last[3],
            reconnects - last[4],
            interval.get(Metric.TTFE),
            interval.get(Metric.LATENCY));
    last[0] = connections;
    last[1] = events;
    last[2] = bytes;
    last[3] = errors;
    last[4] = reconnects;
    return s;
  }

  private Progress progress(long elapsed, long started, long eventsPerSecond) {
    Histogram ttfe = metrics.totals().get(Metric.TTFE);
    long target = plan.rate() > 0 ? started : Math.min(plan.streams(), plan.startsDue(elapsed));
    return new Progress(
        elapsed,
        metrics.openConnections.get(),
        target,
        eventsPerSecond,
        ttfe.getTotalCount() == 0 ? -1 : ttfe.getValueAtPercentile(50),
        ttfe.getTotalCount() == 0 ? -1 : ttfe.getValueAtPercentile(99),
        metrics.failedConnections.sum());
  }

  private LoadResult result(long startedAtMillis, long elapsedNanos, List<Sample> timeline) {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("streams_started", metrics.streamsStarted.sum());
    counters.put("connections", metrics.connections.sum());
    counters.put("reconnects", metrics.reconnects.sum());
    counters.put("failed_connections", metrics.failedConnections.sum());
    counters.put("events", metrics.events.sum());
    counters.put("comments", metrics.comments.sum());
    counters.put("bytes", metrics.bytes.sum());
    counters.put("latency_negative", metrics.latencyNegative.sum());
    counters.put("skipped_at_max_open", metrics.skippedAtMaxOpen.sum());
    List<String> targets = new ArrayList<>();
    Redactor redactor = Redactor.defaults();
    for (Target t : plan.scenario().targets()) {
      targets.add(t.method() + " " + redactor.url(t.url().toString()));
    }
    return new LoadResult(
        1,
        startedAtMillis,
        TimeUnit.NANOSECONDS.toMillis(elapsedNanos),
        targets,
        planSummary(),
        counters,
        metrics.ends(),
        metrics.statuses(),
        metrics.totals(),
        metrics.findings(),
        timeline);
  }

  private Map<String, String> planSummary() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("streams", String.valueOf(plan.streams()));
    p.put("rate", String.valueOf(plan.rate()));
    p.put("ramp_ms", String.valueOf(plan.ramp().toMillis()));
    p.put("duration_ms", String.valueOf(plan.duration().toMillis()));
    p.put("events_per_stream", String.valueOf(plan.eventsPerStream()));
    p.put("idle_budget_ms", String.valueOf(plan.idleBudget().toMillis()));
    p.put("reconnect", String.valueOf(plan.reconnect()));
    p.put("latency_from", plan.latency() == null ? "" : plan.latency().kind().name().toLowerCase());
    p.put("transport", plan.transport().wireName());
    return p;
  }

  // ---- what the streams call -----------------------------------------------------------------

  LoadPlan plan() {
    return plan;
  }

  LoadMetrics metrics() {
    return metrics;
  }

  RiskSettings risk() {
    return risk;
  }

  LatencyScanner.Spec latencyScan() {
    return latencyScan;
  }

  boolean latencyFromId() {
    return latencyFromId;
  }

  boolean stopping() {
    return stopping;
  }

  long wallMicros(long nanoTime) {
    return wallMicrosBase + (nanoTime - nanoBase) / 1000;
  }

  List<Header> requestHeaders(Target t) {
    return requestHeaders.get(t);
  }

  ChannelFuture connect(LoadStream stream, Target t) {
    return bootstraps
        .get(stream.loop())
        .clone()
        .handler(
            new ChannelInitializer<Channel>() {
              @Override
              protected void initChannel(Channel ch) {
                ChannelPipeline p = ch.pipeline();
                if (t.https()) {
                  p.addLast(ssl.newHandler(ch.alloc(), t.url().getHost(), t.port()));
                }
                p.addLast(
                    new HttpClientCodec(
                        new HttpDecoderConfig()
                            .setMaxInitialLineLength(MAX_INITIAL_LINE)
                            .setMaxHeaderSize(MAX_HEADER_BYTES),
                        false,
                        false));
                p.addLast(stream);
              }
            })
        .connect(addresses.get(t));
  }

  FullHttpRequest request(Target t, String lastEventId) {
    FullHttpRequest r =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1,
            HttpMethod.valueOf(t.method()),
            t.requestTarget(),
            t.body().length == 0 ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(t.body()));
    r.headers().set(HttpHeaderNames.HOST, t.hostHeader());
    r.headers().set(HttpHeaderNames.USER_AGENT, "ssewatch-load");
    for (Header h : requestHeaders.get(t)) {
      r.headers().add(h.name(), h.value());
    }
    if (t.body().length > 0 || !t.method().equals("GET")) {
      r.headers().set(HttpHeaderNames.CONTENT_LENGTH, t.body().length);
    }
    if (!lastEventId.isEmpty()) {
      // EventSource sends the last event id it saw on every reconnection.
      r.headers().set("Last-Event-ID", lastEventId);
    }
    return r;
  }

  void finished(LoadStream s) {
    if (live.remove(s)) {
      metrics.liveStreams.decrementAndGet();
    }
  }

  private Bootstrap bootstrap(EventLoop loop) {
    return new Bootstrap()
        .group(loop)
        .channelFactory(plan.transport().connections())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(
            ChannelOption.CONNECT_TIMEOUT_MILLIS,
            (int) Math.min(Integer.MAX_VALUE, plan.connectTimeout().toMillis()));
  }

  private SslContext sslContext() throws IOException {
    boolean any = plan.scenario().targets().stream().anyMatch(Target::https);
    if (!any) {
      return null;
    }
    try {
      SslContextBuilder b = SslContextBuilder.forClient();
      if (plan.insecure()) {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      } else {
        // Netty's client checks the certificate chain; the host name only when asked to.
        b.endpointIdentificationAlgorithm("HTTPS");
        if (plan.ca() != null) {
          b.trustManager(plan.ca().toFile());
        }
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("the TLS settings do not load (check --ca)");
    }
  }

  /** The SSE request headers EventSource sends, then the user's, which win. */
  private static List<Header> defaultHeaders(Target t) {
    List<Header> out = new ArrayList<>();
    if (!Headers.contains(t.headers(), "Accept")) {
      out.add(new Header("Accept", "text/event-stream"));
    }
    if (!Headers.contains(t.headers(), "Cache-Control")) {
      out.add(new Header("Cache-Control", "no-cache"));
    }
    out.addAll(t.headers());
    return List.copyOf(out);
  }
}
