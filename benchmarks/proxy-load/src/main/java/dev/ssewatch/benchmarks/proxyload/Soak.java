package dev.ssewatch.benchmarks.proxyload;

import dev.ssewatch.core.sse.SseParser;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The soak: {@code streams} SSE clients for {@code minutes} through a proxy running as its own JVM
 * (default options, telemetry as JSON lines to a file), against a {@link ResumableBackend} that
 * drops connections on purpose. Every client reconnects with {@code Last-Event-ID} as a browser
 * does; each stream's events are numbered, so what arrives tells what was lost, duplicated or
 * reordered. At the end the telemetry is checked against what the clients received: one {@code
 * stream_end} per {@code stream_start} and per connection, and as many events recorded as
 * delivered. The proxy's RSS is sampled throughout.
 */
final class Soak {

  private static final Pattern RECORD = Pattern.compile("\"record\":\"([a-z_]+)\"");
  private static final Pattern STREAM_ID = Pattern.compile("\"stream_id\":\"([^\"]+)\"");
  private static final Pattern EVENTS = Pattern.compile("\"events\":(\\d+)");
  private static final Pattern DROPPED = Pattern.compile("\"dropped\":(\\d+)");

  final LongAdder connections = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder badStatus = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder duplicated = new LongAdder();
  final LongAdder reordered = new LongAdder();
  private final EventLoopGroup loop;
  private final InetSocketAddress proxy;
  private final Client[] clients;
  private volatile boolean stopping;

  Soak(EventLoopGroup loop, InetSocketAddress proxy, int streams) {
    this.loop = loop;
    this.proxy = proxy;
    this.clients = new Client[streams];
    for (int i = 0; i < streams; i++) {
      clients[i] = new Client(i);
    }
  }

  void start() {
    for (Client c : clients) {
      loop.schedule(c::connect, ThreadLocalRandom.current().nextLong(1000), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops reconnecting and closes every stream; returns once they are closed. */
  void stop() throws InterruptedException {
    stopping = true;
    for (Client c : clients) {
      Channel ch = c.channel;
      if (ch != null) {
        ch.close().await(2, TimeUnit.SECONDS);
      }
    }
  }

  /** Events never received: every gap below the highest id each stream got. */
  long lost() {
    long lost = 0;
    for (Client c : clients) {
      synchronized (c) {
        long highest = c.seen.length() - 1;
        lost += highest + 1 - c.seen.cardinality();
      }
    }
    return lost;
  }

  /** Telemetry totals from the proxy's JSON lines. */
  record Telemetry(long starts, long ends, long endsWithoutStart, long events, long dropped) {}

  static Telemetry readTelemetry(Path jsonl) throws IOException {
    Map<String, Boolean> open = new HashMap<>();
    long starts = 0;
    long ends = 0;
    long orphans = 0;
    long events = 0;
    long dropped = 0;
    try (BufferedReader r = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        Matcher kind = RECORD.matcher(line);
        if (!kind.find()) {
          continue;
        }
        Matcher id = STREAM_ID.matcher(line);
        String stream = id.find() ? id.group(1) : null;
        switch (kind.group(1)) {
          case "stream_start" -> {
            starts++;
            open.put(stream, Boolean.TRUE);
          }
          case "stream_end" -> {
            ends++;
            if (open.remove(stream) == null) {
              orphans++;
            }
            Matcher n = EVENTS.matcher(line);
            if (n.find()) {
              events += Long.parseLong(n.group(1));
            }
          }
          case "telemetry_dropped" -> {
            Matcher n = DROPPED.matcher(line);
            if (n.find()) {
              dropped += Long.parseLong(n.group(1));
            }
          }
          default -> {
            // event, progress and alert records are not needed for the totals
          }
        }
      }
    }
    return new Telemetry(starts, ends, orphans, events, dropped);
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "connections %,d (connect failures %,d, non-200 %,d); events delivered %,d, lost %,d,"
            + " duplicated %,d, reordered %,d",
        connections.sum(),
        connectFailures.sum(),
        badStatus.sum(),
        delivered.sum(),
        lost(),
        duplicated.sum(),
        reordered.sum());
  }

  /** One stream: reconnects after every end, resuming after the last event it has whole. */
  private final class Client {
    final String path;
    final BitSet seen = new BitSet();
    volatile Channel channel;
    String lastEventId;

    Client(int index) {
      this.path = "/soak/s" + index;
    }

    void connect() {
      if (stopping) {
        return;
      }
      SseClients.connector(loop, () -> new Reader(this))
          .connect(proxy)
          .addListener(
              f -> {
                if (!f.isSuccess()) {
                  connectFailures.increment();
                  reconnectLater();
                  return;
                }
                Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                channel = ch;
                DefaultFullHttpRequest req =
                    new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path);
                req.headers()
                    .set(HttpHeaderNames.HOST, proxy.getHostString() + ":" + proxy.getPort())
                    .set(HttpHeaderNames.ACCEPT, "text/event-stream");
                if (lastEventId != null && !lastEventId.isEmpty()) {
                  req.headers().set("Last-Event-ID", lastEventId);
                }
                ch.writeAndFlush(req);
              });
    }

    void reconnectLater() {
      // The backend asks for 100 ms; a little jitter keeps reconnects from marching in step.
      loop.schedule(
          this::connect, 100 + ThreadLocalRandom.current().nextLong(100), TimeUnit.MILLISECONDS);
    }

    void onEvent(String id) {
      long n;
      try {
        n = Long.parseLong(id);
      } catch (NumberFormatException e) {
        return;
      }
      delivered.increment();
      lastEventId = id;
      synchronized (this) {
        if (seen.get((int) n)) {
          duplicated.increment();
        } else if (n < seen.length() - 1) {
          reordered.increment();
        }
        seen.set((int) n);
      }
    }
  }

  private final class Reader extends SimpleChannelInboundHandler<HttpObject> {
    private final Client client;
    private SseParser parser;

    Reader(Client client) {
      this.client = client;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      connections.increment();
      ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpResponse r) {
        if (r.status().code() != 200) {
          badStatus.increment();
          ctx.close();
          return;
        }
        parser =
            SseParser.metadataOnly(
                (type, lastEventId, dataBytes, dataLines) -> client.onEvent(lastEventId),
                client.lastEventId);
      }
      if (msg instanceof HttpContent c && parser != null) {
        ByteBuf b = c.content();
        parser.feed(b.nioBuffer());
      }
      if (msg instanceof LastHttpContent) {
        // The stream ended cleanly: reconnect, as a browser does.
        ctx.close();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (parser != null) {
        // An event cut off by the drop is not an event: the parser discards it, as a browser does.
        parser.end();
      }
      if (client.channel == ctx.channel()) {
        client.channel = null;
      }
      client.reconnectLater();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
