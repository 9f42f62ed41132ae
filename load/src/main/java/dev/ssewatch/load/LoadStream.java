package dev.ssewatch.load;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.BurstDetector;
import dev.ssewatch.core.risk.FirstEventAtEndDetector;
import dev.ssewatch.core.risk.HeaderRiskDetector;
import dev.ssewatch.core.risk.IdleGapDetector;
import dev.ssewatch.core.risk.IdleKillDetector;
import dev.ssewatch.core.risk.NoHeartbeatsDetector;
import dev.ssewatch.core.sse.SseParser;
import dev.ssewatch.core.telemetry.CloseReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One stream of a run, as EventSource keeps it: a connection, and after it ends a new one after the
 * reconnection delay, with the last event id. It lives on one event loop, which alone touches its
 * fields; it is the handler of its current connection only, hence sharable in Netty's sense.
 *
 * <p>Memory: a few dozen fields and core's metadata-only parser, which never copies event data.
 * Body bytes reach the parser from Netty's buffers, through one copy buffer per event loop when
 * those are direct.
 */
@ChannelHandler.Sharable
final class LoadStream extends ChannelInboundHandlerAdapter
    implements SseParser.MetadataListener, LatencyScanner.Sink {

  private static final FastThreadLocal<byte[]> SCRATCH =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[16 * 1024];
        }
      };

  // Rules that fire at most once per connection: bits of fired.
  private static final int BURST = 1;
  private static final int NO_HEARTBEATS = 1 << 1;

  private final LoadRunner run;
  private final LoadMetrics metrics;
  private final Target target;
  private final EventLoop loop;

  // Across connections.
  private String lastEventId = "";
  private long retryMillis = -1;
  private long eventsTotal;
  private boolean finished;
  private ScheduledFuture<?> reconnect;

  // This connection.
  private Channel channel;
  private SseParser parser;
  private LatencyScanner scanner;
  private long attemptAt;
  private long headersAt = -1;
  private long firstEventAt = -1;
  private long lastEventAt;
  private long lastBytesAt;
  private long chunkAt;
  private long connectionEvents;
  private long connectionComments;
  private long longestSilence;
  private int eventsInChunk;
  private int idleLevel;
  private int fired;
  private boolean open;
  private boolean parse;
  private boolean ended;
  private EndReason closeAfterChunk;

  LoadStream(LoadRunner run, Target target, EventLoop loop) {
    this.run = run;
    this.metrics = run.metrics();
    this.target = target;
    this.loop = loop;
  }

  EventLoop loop() {
    return loop;
  }

  /** Opens the first connection. On the stream's event loop. */
  void start() {
    metrics.streamsStarted.increment();
    connect();
  }

  private void connect() {
    reconnect = null;
    channel = null;
    parser = null;
    scanner = null;
    headersAt = -1;
    firstEventAt = -1;
    connectionEvents = 0;
    connectionComments = 0;
    longestSilence = 0;
    idleLevel = IdleGapDetector.LEVEL_NONE;
    fired = 0;
    open = false;
    ended = false;
    closeAfterChunk = null;
    attemptAt = System.nanoTime();
    metrics.connections.increment();
    ChannelFuture f = run.connect(this, target);
    Channel ch = f.channel();
    channel = ch;
    f.addListener(
        done -> {
          if (ch != channel) {
            return;
          }
          if (!done.isSuccess()) {
            end(EndReason.CONNECT_FAILED);
            return;
          }
          metrics.record(Metric.CONNECT, System.nanoTime() - attemptAt);
          ch.writeAndFlush(run.request(target, lastEventId));
        });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (ctx.channel() != channel || ended) {
        return;
      }
      if (msg instanceof HttpResponse response) {
        onResponse(response);
      }
      if (!ended && msg instanceof HttpContent content) {
        if (content.decoderResult().isFailure()) {
          end(EndReason.ERROR);
          return;
        }
        onContent(content.content());
        if (closeAfterChunk != null) {
          end(closeAfterChunk);
        } else if (msg instanceof LastHttpContent) {
          end(EndReason.COMPLETED);
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponse(HttpResponse response) {
    long now = System.nanoTime();
    if (response.decoderResult().isFailure()) {
      end(EndReason.ERROR);
      return;
    }
    headersAt = now;
    lastBytesAt = now;
    metrics.record(Metric.HEADERS, now - attemptAt);
    int status = response.status().code();
    metrics.status(status);
    if (status != 200) {
      // EventSource fails the connection on any other status, and does not reconnect.
      end(EndReason.HTTP_ERROR);
      return;
    }
    List<Header> headers = new ArrayList<>(response.headers().size());
    for (Map.Entry<String, String> h : response.headers()) {
      headers.add(new Header(h.getKey(), h.getValue()));
    }
    for (Alert a :
        HeaderRiskDetector.detect(
            status, run.requestHeaders(target), headers, System.currentTimeMillis())) {
      metrics.finding(a);
    }
    if (!Headers.isEventStream(Headers.first(headers, "Content-Type"))) {
      end(EndReason.NOT_EVENT_STREAM);
      return;
    }
    String encoding = Headers.first(headers, "Content-Encoding");
    // A compressed body is not decoded (the client asks for none): its bytes would parse as noise.
    parse = encoding == null || encoding.strip().equalsIgnoreCase("identity");
    parser = SseParser.metadataOnly(this, lastEventId);
    LatencyScanner.Spec spec = run.latencyScan();
    scanner = spec == null || !parse ? null : new LatencyScanner(spec, this);
    open = true;
    metrics.openConnections.incrementAndGet();
  }

  private void onContent(ByteBuf buf) {
    int n = buf.readableBytes();
    if (n == 0 || !open) {
      return;
    }
    long now = System.nanoTime();
    long silence = now - lastBytesAt;
    noteSilence(silence, false);
    chunkAt = now;
    eventsInChunk = 0;
    metrics.bytes.add(n);
    if (parse) {
      if (buf.hasArray()) {
        feed(buf.array(), buf.arrayOffset() + buf.readerIndex(), n);
      } else {
        byte[] scratch = SCRATCH.get();
        for (int off = 0; off < n; ) {
          int len = Math.min(scratch.length, n - off);
          buf.getBytes(buf.readerIndex() + off, scratch, 0, len);
          feed(scratch, 0, len);
          off += len;
        }
      }
    }
    lastBytesAt = now;
    if ((fired & BURST) == 0) {
      Alert a = BurstDetector.check(eventsInChunk, silence, run.risk());
      if (a != null) {
        fired |= BURST;
        metrics.finding(a);
      }
    }
  }

  private void feed(byte[] b, int off, int len) {
    if (scanner != null) {
      scanner.feed(b, off, len);
    }
    parser.feed(b, off, len);
  }

  @Override
  public void onEvent(String type, String id, long dataBytes, int dataLines) {
    if (closeAfterChunk != null) {
      // Past --events: the rest of the read is not counted.
      return;
    }
    metrics.events.increment();
    connectionEvents++;
    eventsInChunk++;
    if (firstEventAt < 0) {
      firstEventAt = chunkAt;
      metrics.record(Metric.TTFE, chunkAt - attemptAt);
    } else {
      metrics.record(Metric.GAP, chunkAt - lastEventAt);
    }
    lastEventAt = chunkAt;
    if (id != null) {
      // Only asked for with --latency-from id: the id's leading digits are the send time.
      long v = leadingNumber(id);
      if (v >= 0) {
        onStatedTime(v);
      }
    }
    if (run.plan().eventsPerStream() > 0 && ++eventsTotal >= run.plan().eventsPerStream()) {
      closeAfterChunk = EndReason.EVENTS_REACHED;
    }
  }

  @Override
  public void onComment(long length) {
    metrics.comments.increment();
    connectionComments++;
  }

  @Override
  public boolean wantsLastEventIdString() {
    return run.latencyFromId();
  }

  @Override
  public void onStatedTime(long value) {
    long latency = run.wallMicros(chunkAt) - LatencySource.toMicros(value);
    if (latency < 0) {
      // The server's clock is ahead of this one: counted, recorded as zero.
      metrics.latencyNegative.increment();
    }
    metrics.recordMicros(Metric.LATENCY, latency);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (ctx.channel() == channel && !ended) {
      long silence = open ? System.nanoTime() - lastBytesAt : 0;
      end(
          silence >= (long) (run.risk().idleBudgetNanos() * IdleKillDetector.KILL_FRACTION)
              ? EndReason.IDLE_CUT
              : EndReason.RESET);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (ctx.channel() == channel && !ended) {
      end(EndReason.ERROR);
    }
    ctx.close();
  }

  /** The run is over: close whatever is open. On the stream's event loop. */
  void stop() {
    if (finished) {
      return;
    }
    if (reconnect != null) {
      reconnect.cancel(false);
      reconnect = null;
      finish();
    } else if (!ended) {
      // A connection that got no answer for longer than a connect may take is a failure; one
      // opened just before the end is not.
      boolean unanswered =
          headersAt < 0 && System.nanoTime() - attemptAt > run.plan().connectTimeout().toNanos();
      end(unanswered ? EndReason.NO_HEADERS : EndReason.DURATION_REACHED);
    }
  }

  private void end(EndReason reason) {
    if (ended) {
      return;
    }
    ended = true;
    long now = System.nanoTime();
    metrics.ended(reason);
    if (open) {
      open = false;
      metrics.openConnections.decrementAndGet();
      long finalSilence = now - lastBytesAt;
      boolean stillOpen = reason == EndReason.DURATION_REACHED;
      noteSilence(finalSilence, stillOpen);
      checkEnd(reason, now, finalSilence);
      lastEventId = parser.lastEventId();
      if (parser.retryMillis() >= 0) {
        retryMillis = parser.retryMillis();
      }
    }
    if (headersAt >= 0) {
      metrics.record(Metric.LIFETIME, now - attemptAt);
    }
    parser = null;
    scanner = null;
    Channel ch = channel;
    if (ch != null && ch.isOpen()) {
      ch.close();
    }
    // EventSource reconnects; a POST (chat completions, MCP) is a request, not a subscription.
    boolean again =
        run.plan().reconnect()
            && target.method().equals("GET")
            && !run.stopping()
            && switch (reason) {
              case COMPLETED, RESET, IDLE_CUT, CONNECT_FAILED, ERROR -> true;
              default -> false;
            };
    if (!again) {
      finish();
      return;
    }
    long delay = retryMillis >= 0 ? retryMillis : run.plan().retryDefault().toMillis();
    metrics.reconnects.increment();
    reconnect = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  private void checkEnd(EndReason reason, long now, long finalSilence) {
    if (reason == EndReason.COMPLETED && parse) {
      Alert a =
          FirstEventAtEndDetector.check(
              connectionEvents,
              now - attemptAt,
              firstEventAt < 0 ? -1 : now - firstEventAt,
              run.risk());
      if (a != null) {
        metrics.finding(a);
      }
    }
    if (reason == EndReason.RESET || reason == EndReason.IDLE_CUT) {
      Alert a = IdleKillDetector.check(CloseReason.UPSTREAM_ABORT, finalSilence, run.risk());
      if (a != null) {
        metrics.finding(a);
      }
    }
    if (parse && (fired & NO_HEARTBEATS) == 0) {
      Alert a =
          NoHeartbeatsDetector.check(
              connectionComments, longestSilence, now - headersAt, run.risk());
      if (a != null) {
        fired |= NO_HEARTBEATS;
        metrics.finding(a);
      }
    }
  }

  private void noteSilence(long silence, boolean ongoing) {
    longestSilence = Math.max(longestSilence, silence);
    Alert a = IdleGapDetector.check(silence, ongoing, idleLevel, run.risk());
    if (a != null) {
      idleLevel = IdleGapDetector.levelOf(a);
      metrics.finding(a);
    }
  }

  private void finish() {
    if (!finished) {
      finished = true;
      run.finished(this);
    }
  }

  private static long leadingNumber(String s) {
    long v = 0;
    int i = 0;
    for (; i < s.length() && i < 18; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      v = v * 10 + (c - '0');
    }
    return i == 0 ? -1 : v;
  }
}
