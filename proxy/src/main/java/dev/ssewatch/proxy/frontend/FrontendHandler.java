package dev.ssewatch.proxy.frontend;

import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import dev.ssewatch.proxy.admin.ProxyMetrics.TlsFailure;
import dev.ssewatch.proxy.backend.BackendConnector;
import dev.ssewatch.proxy.backend.BackendListener;
import dev.ssewatch.proxy.backend.TlsFailures;
import dev.ssewatch.proxy.sse.StreamTap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One client connection: routes each request to its backend and streams both directions through
 * without aggregating. The backend channel shares this channel's event loop and reads only while
 * the client can take more, so a slow client holds at most the write-buffer water marks plus one
 * read in memory.
 *
 * <p>What it decides about a message head is not here but in pure functions tested without a
 * channel: {@link RequestRouting} (refused or where to, and the backend's request head) and {@link
 * ResponseChecks} and {@link ResponseHead} (refused or how it is relayed, and the client's head).
 * This class wires them to the channels, the timers and the exchange's record.
 */
public final class FrontendHandler extends ChannelDuplexHandler implements BackendListener {

  private static final System.Logger LOG = System.getLogger(FrontendHandler.class.getName());

  /**
   * The {@code route} of every request the proxy refuses before routing it: one value, so that
   * clients cannot add to telemetry's cardinality with the paths and authorities they send.
   */
  static final String REJECTED_ROUTE = "(rejected)";

  /** Values of {@link #framing}. */
  private static final byte CODEC = 0;

  private static final byte CHUNKED = 1;
  private static final byte CLOSE_DELIMITED = 2;

  private final FrontendContext fc;
  private Channel client;
  private Channel backend;
  private Route backendRoute;
  private Exchange ex;

  /**
   * Requests a client pipelined behind the one in progress; reading stops while any wait. Made on
   * the first one, since most clients never pipeline and an idle stream should not carry it
   * ("Memory per open stream" in docs/architecture.md).
   */
  private ArrayDeque<Object> pipelined;

  private boolean closing;

  /**
   * How response body parts are framed while an event stream is relayed without the HTTP codec:
   * {@link #CODEC} while the codec is in place.
   */
  private byte framing = CODEC;

  /** The last response write since the previous flush, if any. */
  private ChannelFuture unflushed;

  /** The client-side timeouts; set once the connection is active. */
  private ClientTimeouts timeouts;

  /** Neighbours in {@link ClientConnections}' list, under its lock. */
  FrontendHandler newerClient;

  FrontendHandler olderClient;

  /** Tells the exchange's tap when its bytes so far have reached the client socket. */
  private static ChannelFutureListener wireWritten(StreamTap tap) {
    return f -> {
      if (f.isSuccess()) {
        tap.onWireWrite(System.nanoTime());
      }
    };
  }

  public FrontendHandler(FrontendContext fc) {
    this.fc = fc;
  }

  /** The HTTP codec of a client connection, which this handler follows in the pipeline. */
  public static HttpServerCodec newCodec() {
    return StreamFraming.newCodec();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    client = ctx.channel();
    fc.clients().add(this);
    if (fc.config() != null && fc.metrics() != null) {
      // A handler tried on its own (an embedded channel without a configuration) has none.
      timeouts = new ClientTimeouts(this, client, fc.config().limits(), fc.metrics());
      timeouts.start(System.nanoTime());
    }
    ctx.fireChannelActive();
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (timeouts != null) {
      timeouts.onRead(System.nanoTime());
    }
    ctx.fireChannelReadComplete();
  }

  /** Which of {@link ClientTimeouts}' phases the connection is in. */
  byte timeoutPhase() {
    Exchange e = ex;
    if (e == null) {
      return ClientTimeouts.IDLE;
    }
    return e.requestDone || e.responseStarted ? ClientTimeouts.BUSY : ClientTimeouts.BODY;
  }

  // ---- client → backend ----------------------------------------------------------------------

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (closing) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (hasPipelined()
        || msg instanceof ByteBuf
        || (ex != null && ex.requestDone && msg instanceof HttpRequest)) {
      // Raw bytes come only while a stream is relayed without the codec: they are the client's
      // next request, decoded once the codec is back.
      if (pipelined == null) {
        pipelined = new ArrayDeque<>(4);
      }
      pipelined.add(msg);
      updateClientAutoRead();
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      onRequest(req);
      if (msg instanceof HttpContent) {
        // Only the decoder's invalid-message placeholder is both; it has been answered already.
        ReferenceCountUtil.release(msg);
      }
    } else if (msg instanceof HttpContent c) {
      onRequestContent(c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(HttpRequest req) {
    long now = System.nanoTime();
    RequestRouting.Outcome outcome =
        RequestRouting.route(
            req,
            new RequestRouting.Client(clientAddress(), fc.scheme(), this::isOwnAuthority),
            path -> fc.config().route(path));
    if (outcome instanceof RequestRouting.Refuse r) {
      reject(req, r.status(), r.reason(), now);
      return;
    }
    RequestRouting.Forward forward = (RequestRouting.Forward) outcome;
    Route route = forward.route();
    HttpRequest out = forward.request();
    StreamTap tap =
        fc.taps()
            .begin(
                req.method().name(),
                SharedTargets.shared(req.uri()),
                route.name(),
                HeaderStrings.of(req.headers()),
                now);
    if (fc.config().propagateTraceContext()) {
      TraceHeaders.propagate(out.headers(), tap);
    }
    fc.metrics().requestStarted();
    ex =
        new Exchange(
            route,
            tap,
            req.method().equals(HttpMethod.HEAD),
            req.protocolVersion().equals(HttpVersion.HTTP_1_1),
            HttpUtil.isKeepAlive(req));

    if (backend != null && backend.isActive() && backendRoute == route) {
      ex.backendReady = true;
      backend.write(out);
      armHeadersTimeout(ex);
    } else {
      closeBackend();
      ex.queueForBackend(out);
      connect(ex);
    }
    updateClientAutoRead();
  }

  private void onRequestContent(HttpContent c) {
    Exchange e = ex;
    if (e == null || e.requestDone) {
      // The body of a request already answered (or of one refused): nothing wants it.
      ReferenceCountUtil.release(c);
      return;
    }
    if (c.decoderResult().isFailure()) {
      ReferenceCountUtil.release(c);
      failExchange(HttpResponseStatus.BAD_REQUEST, "malformed request body", CloseReason.ERROR);
      return;
    }
    if (c instanceof LastHttpContent) {
      e.requestDone = true;
    }
    if (!e.backendReady) {
      e.queueForBackend(c);
    } else {
      backend.writeAndFlush(c, backend.voidPromise());
    }
    updateClientAutoRead();
  }

  private void connect(Exchange e) {
    ChannelFuture f = fc.connector().connect(e.route, client.eventLoop(), this);
    backend = f.channel();
    backendRoute = e.route;
    f.addListener(
        (ChannelFutureListener)
            done -> {
              if (done.channel() != backend || ex != e) {
                return;
              }
              if (!done.isSuccess()) {
                backend = null;
                backendRoute = null;
                fc.metrics().backendFailed();
                boolean timeout = done.cause() instanceof ConnectTimeoutException;
                failExchange(
                    timeout ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY,
                    timeout ? "backend connect timed out" : "backend unreachable",
                    CloseReason.ERROR);
                return;
              }
              e.backendReady = true;
              Object part;
              while ((part = e.pollForBackend()) != null) {
                backend.write(part, backend.voidPromise());
              }
              backend.flush();
              resumeBackendReads();
              armHeadersTimeout(e);
              updateClientAutoRead();
            });
  }

  private void armHeadersTimeout(Exchange e) {
    backend.flush();
    long nanos = e.route.options().responseHeadersTimeout().toNanos();
    e.timer =
        client
            .eventLoop()
            .schedule(
                () -> {
                  if (ex == e && !e.responseStarted) {
                    fc.metrics().backendFailed();
                    closeBackend();
                    failExchange(
                        HttpResponseStatus.GATEWAY_TIMEOUT,
                        "backend did not start its response in time",
                        CloseReason.ERROR);
                  }
                },
                nanos,
                TimeUnit.NANOSECONDS);
  }

  // ---- backend → client ----------------------------------------------------------------------

  @Override
  public void onBackendMessage(Channel ch, Object msg) {
    Exchange e = ex;
    if (ch != backend || e == null || !e.backendReady) {
      // A response nobody asked for: the connection is out of step, so it is not reused.
      ReferenceCountUtil.release(msg);
      ch.close();
      return;
    }
    if (msg instanceof ByteBuf raw) {
      if (e.relay == null) {
        raw.release();
        ch.close();
        return;
      }
      onRawBody(e, raw);
      return;
    }
    if (msg instanceof HttpResponse resp) {
      ResponseChecks.Refusal refused = ResponseChecks.refusal(resp);
      if (refused != null) {
        ReferenceCountUtil.release(msg);
        if (refused.backendFault) {
          fc.metrics().backendFailed();
        }
        closeBackend();
        failExchange(HttpResponseStatus.BAD_GATEWAY, refused.message, CloseReason.ERROR);
        return;
      }
      int code = resp.status().code();
      if (code >= 100 && code < 200) {
        e.informational = true;
        client.write(ResponseHead.informational(resp));
      } else {
        onResponseHead(e, resp);
      }
      if (!(msg instanceof HttpContent)) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    if (msg instanceof HttpContent c) {
      if (c.decoderResult().isFailure()) {
        ReferenceCountUtil.release(c);
        abortUpstream(e);
        return;
      }
      if (e.informational) {
        if (c instanceof LastHttpContent) {
          e.informational = false;
        }
        client.write(c);
        return;
      }
      onResponseContent(e, c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onResponseHead(Exchange e, HttpResponse resp) {
    long now = System.nanoTime();
    e.cancelTimer();
    e.responseStarted = true;
    ResponseHead head = ResponseHead.of(resp, e, fc.shutdown().getAsBoolean());
    e.eventStream = head.eventStream();
    e.lengthFramed = head.lengthFramed();
    e.backendKeepAlive = head.backendKeepAlive();
    e.closeAfter = head.closeAfter();
    e.tap.onResponseHeaders(resp.status().code(), HeaderStrings.of(resp.headers()), now);
    client.write(head.toClient());
    if (e.eventStream) {
      fc.metrics().streamStarted();
      RouteOptions o = e.route.options();
      if (head.canInject() && !o.heartbeat().isZero()) {
        e.heartbeat =
            fc.heartbeats()
                .start(client, o.heartbeat().toNanos(), o.heartbeatComment(), e.tap, now);
      }
      if (!o.maxStreamDuration().isZero()) {
        e.timer =
            client
                .eventLoop()
                .schedule(
                    () -> endStreamAtBoundary(e, 0),
                    o.maxStreamDuration().toNanos(),
                    TimeUnit.NANOSECONDS);
      }
      if (head.relayRaw()) {
        e.relay = new ChunkedBody();
        if (!hasPipelined()) {
          StreamFraming.removeCodec(client.pipeline());
          framing = e.clientHttp11 ? CHUNKED : CLOSE_DELIMITED;
        }
        // Last, since the codec hands over what it read beyond the head at once, to onRawBody.
        BackendConnector.rawBody(backend);
      }
    }
  }

  /**
   * A read of an event stream's chunked body, raw: its data goes to the client as one chunk, so the
   * proxy's work and objects are per read rather than per event.
   */
  private void onRawBody(Exchange e, ByteBuf raw) {
    long now = System.nanoTime();
    ByteBuf data = client.alloc().buffer(raw.readableBytes());
    ChunkedBody.Step step;
    boolean beyond;
    try {
      step = e.relay.decode(raw, data);
      beyond = raw.isReadable();
    } finally {
      raw.release();
    }
    if (data.isReadable()) {
      onResponseContent(e, new DefaultHttpContent(data));
    } else {
      data.release();
    }
    if (step == ChunkedBody.Step.MALFORMED) {
      abortUpstream(e);
    } else if (step == ChunkedBody.Step.END) {
      if (beyond) {
        // Bytes after the response's end, before any request asked for them: out of step.
        e.backendKeepAlive = false;
      } else if (e.backendKeepAlive) {
        BackendConnector.restoreCodec(backend);
      }
      HttpHeaders trailers = e.relay.trailers();
      onResponseContent(
          e,
          trailers == null
              ? LastHttpContent.EMPTY_LAST_CONTENT
              : new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
    }
  }

  private void onResponseContent(Exchange e, HttpContent c) {
    long now = System.nanoTime();
    ByteBuf b = c.content();
    int n = b.readableBytes();
    if (n > 0) {
      e.tap.onBytes(b, now);
      fc.metrics().bytes(n);
      e.touch(now);
    }
    if (!(c instanceof LastHttpContent)) {
      // Writes complete in order, so the last write of this read says when all of them did:
      // one wire-write notification per read rather than per chunk.
      unflushed = client.write(c);
      return;
    }
    unflushed = null;
    // The response is complete: the last bytes go out now, then the exchange ends.
    ChannelFuture written = client.writeAndFlush(c);
    written.addListener(wireWritten(e.tap));
    endExchange(e, CloseReason.COMPLETED, now);
    if (!e.backendKeepAlive) {
      closeBackend();
    }
    if (e.closeAfter) {
      closing = true;
      written.addListener(ChannelFutureListener.CLOSE);
    } else {
      restoreClientCodec();
      resumePipelined();
    }
  }

  /** Ends an event stream at the configured maximum duration, cleanly between two events. */
  private void endStreamAtBoundary(Exchange e, int attempt) {
    if (ex != e) {
      return;
    }
    if (!e.tap.atEventBoundary() && attempt < 50) {
      e.timer =
          client
              .eventLoop()
              .schedule(() -> endStreamAtBoundary(e, attempt + 1), 20, TimeUnit.MILLISECONDS);
      return;
    }
    long now = System.nanoTime();
    closeBackend();
    endExchange(e, CloseReason.COMPLETED, now);
    closing = true;
    client
        .writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
        .addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void onBackendReadComplete(Channel ch) {
    if (ch != backend) {
      return;
    }
    if (unflushed != null) {
      if (ex != null) {
        unflushed.addListener(wireWritten(ex.tap));
      }
      unflushed = null;
    }
    client.flush();
    // Backpressure: the backend is read only while the client keeps up.
    if (!client.isWritable()) {
      ch.config().setAutoRead(false);
    }
  }

  /** Every write to the client passes here: body parts are framed while the codec is out. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (framing == CODEC) {
      ctx.write(msg, promise);
    } else {
      StreamFraming.write(ctx, msg, promise, framing == CHUNKED);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (backend != null && backend.isActive()) {
      if (client.isWritable()) {
        resumeBackendReads();
      } else {
        // Stops the backend's read loop after the read in progress: at most one read beyond the
        // high water mark is ever held for a slow client.
        backend.config().setAutoRead(false);
      }
    }
    ctx.fireChannelWritabilityChanged();
  }

  /**
   * Reads from the backend continuously while the client is writable. Toggling auto-read only at
   * writability changes, rather than asking for each read, spares two selector updates per event.
   */
  private void resumeBackendReads() {
    if (client.isWritable()) {
      backend.config().setAutoRead(true);
    }
  }

  @Override
  public void onBackendWritabilityChanged(Channel ch) {
    if (ch == backend) {
      updateClientAutoRead();
    }
  }

  @Override
  public void onBackendInactive(Channel ch) {
    if (ch != backend) {
      return;
    }
    backend = null;
    backendRoute = null;
    Exchange e = ex;
    if (e == null || !e.backendReady) {
      return;
    }
    if (!e.responseStarted) {
      fc.metrics().backendFailed();
      TlsFailure tls = TlsFailures.of(ch);
      if (tls != null) {
        String detail = "backend TLS: " + tls.description();
        failExchange(HttpResponseStatus.BAD_GATEWAY, detail, CloseReason.ERROR, detail);
        return;
      }
      failExchange(
          HttpResponseStatus.BAD_GATEWAY,
          "backend closed the connection before responding",
          CloseReason.UPSTREAM_ABORT);
    } else {
      abortUpstream(e);
    }
  }

  /** The backend broke a response off: the client must see a broken response too, not an end. */
  private void abortUpstream(Exchange e) {
    closeBackend();
    endExchange(e, CloseReason.UPSTREAM_ABORT, System.nanoTime());
    closing = true;
    client.flush();
    client.close();
  }

  // ---- endings ---------------------------------------------------------------------------------

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    Exchange e = ex;
    if (e != null) {
      // The client went away: a normal way for a stream to end, and nothing to log.
      endExchange(e, CloseReason.CLIENT_ABORT, System.nanoTime());
    }
    closeBackend();
    releasePending();
    if (timeouts != null) {
      timeouts.stop();
    }
    fc.clients().remove(this);
    ctx.fireChannelInactive();
  }

  /** Fired on every client connection when the drain period of a shutdown is over. */
  public static final Object DRAIN_EXPIRED = new Object();

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == ClientTimeouts.REQUEST_BODY_TIMEOUT) {
      failExchange(
          HttpResponseStatus.REQUEST_TIMEOUT,
          "the request body stopped arriving",
          CloseReason.IDLE_TIMEOUT,
          "client request body timeout");
      return;
    }
    if (evt != DRAIN_EXPIRED) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    Exchange e = ex;
    if (e != null && e.responseStarted && e.eventStream && !e.lengthFramed) {
      // End the stream properly between two events: clients reconnect, rather than see an error.
      endStreamAtBoundary(e, 0);
    } else {
      ctx.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException) && !(cause instanceof TooLongFrameException)) {
      LOG.log(System.Logger.Level.DEBUG, "client connection failed: {0}", cause.toString());
    }
    ctx.close();
  }

  private void endExchange(Exchange e, CloseReason reason, long now) {
    endExchange(e, reason, null, now);
  }

  private void endExchange(Exchange e, CloseReason reason, String detail, long now) {
    if (e.ended) {
      return;
    }
    e.ended = true;
    e.stopTimers();
    Object part;
    while ((part = e.pollForBackend()) != null) {
      ReferenceCountUtil.release(part);
    }
    if (detail == null) {
      e.tap.onEnd(reason, now);
    } else {
      e.tap.onEnd(reason, detail, now);
    }
    fc.metrics().exchangeEnded(reason, e.eventStream);
    if (ex == e) {
      ex = null;
      if (timeouts != null) {
        timeouts.onExchangeEnded(now);
      }
    }
  }

  /**
   * Answers the exchange in progress with an error of the proxy's own (when nothing of the response
   * has gone out yet) and closes the connection.
   */
  private void failExchange(HttpResponseStatus status, String message, CloseReason reason) {
    failExchange(status, message, reason, null);
  }

  /** As above, with a detail for the exchange's record. */
  private void failExchange(
      HttpResponseStatus status, String message, CloseReason reason, String detail) {
    Exchange e = ex;
    closeBackend();
    if (e == null) {
      return;
    }
    long now = System.nanoTime();
    closing = true;
    if (e.responseStarted) {
      endExchange(e, reason, detail, now);
      client.close();
      return;
    }
    FullHttpResponse resp = ErrorResponse.of(status, message);
    e.tap.onResponseHeaders(status.code(), HeaderStrings.of(resp.headers()), now);
    endExchange(e, reason, detail, now);
    client.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  /** Refuses a request before any backend is involved; recorded like any exchange. */
  private void reject(HttpRequest req, HttpResponseStatus status, String message, long now) {
    fc.metrics().requestRejected();
    FullHttpResponse resp = ErrorResponse.of(status, message);
    StreamTap tap =
        fc.taps()
            .begin(
                req.method().name(),
                req.uri(),
                REJECTED_ROUTE,
                HeaderStrings.of(req.headers()),
                now);
    tap.onResponseHeaders(status.code(), HeaderStrings.of(resp.headers()), now);
    tap.onEnd(CloseReason.ERROR, now);
    closing = true;
    client.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
  }

  private void resumePipelined() {
    while (!closing && hasPipelined() && (ex == null || !ex.requestDone)) {
      dispatch(pipelined.poll());
    }
    updateClientAutoRead();
  }

  /**
   * Reads from the client only when what it sends can go somewhere: not while pipelined requests
   * wait, and not while a request body cannot be written to the backend. Otherwise reading goes on,
   * which is also how a client's disconnect is noticed at once.
   */
  private void updateClientAutoRead() {
    if (client == null) {
      return;
    }
    boolean read =
        !closing
            && !hasPipelined()
            && (ex == null
                || ex.requestDone
                || (ex.backendReady && backend != null && backend.isWritable()));
    if (client.config().isAutoRead() != read) {
      client.config().setAutoRead(read);
    }
  }

  private void closeBackend() {
    Channel b = backend;
    backend = null;
    backendRoute = null;
    if (b != null) {
      b.close();
    }
  }

  /** Puts the codec back after a relayed stream, and decodes what the client sent meanwhile. */
  private void restoreClientCodec() {
    if (framing == CODEC) {
      return;
    }
    framing = CODEC;
    List<Object> held = new ArrayList<>();
    if (pipelined != null) {
      Object o;
      while ((o = pipelined.poll()) != null) {
        held.add(o);
      }
    }
    StreamFraming.restoreCodec(client.pipeline().context(this), held.iterator());
  }

  private boolean hasPipelined() {
    return pipelined != null && !pipelined.isEmpty();
  }

  private void releasePending() {
    if (pipelined == null) {
      return;
    }
    Object o;
    while ((o = pipelined.poll()) != null) {
      ReferenceCountUtil.release(o);
    }
  }

  /** The client connection, once active. */
  Channel channel() {
    return client;
  }

  private String clientAddress() {
    return client.remoteAddress() instanceof InetSocketAddress a
        ? a.getAddress().getHostAddress()
        : "unknown";
  }

  private boolean isOwnAuthority(String authority) {
    InetSocketAddress local = (InetSocketAddress) client.localAddress();
    return RequestTarget.isOwnAuthority(authority, local, fc.scheme());
  }
}
