package dev.ssewatch.proxy.admin.live;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Serves {@code /}, {@code /live} (the page) and {@code /live/events} (its feed) on the admin
 * listener, and passes every other request on to the admin handler behind it.
 */
final class LiveHandler extends ChannelInboundHandlerAdapter {

  private final LiveHub hub;
  private LiveSubscriber subscriber;

  LiveHandler(LiveHub hub) {
    this.hub = hub;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (subscriber != null) {
      // The connection is an event stream now: nothing more is read from it.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()) {
      ctx.fireChannelRead(msg);
      return;
    }
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    boolean get = req.method().equals(HttpMethod.GET);
    boolean head = req.method().equals(HttpMethod.HEAD);
    if (!get && !head) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      switch (path) {
        case "/", "/live", "/live/" -> page(ctx, req, head);
        case "/live/events" -> events(ctx, req, head);
        default -> ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private static void page(ChannelHandlerContext ctx, FullHttpRequest req, boolean head) {
    byte[] body = LivePage.html();
    FullHttpResponse r =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.OK,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, LivePage.contentSecurityPolicy())
        .set("X-Content-Type-Options", "nosniff")
        .set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY")
        .set("Referrer-Policy", "no-referrer");
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(r, keepAlive);
    var f = ctx.writeAndFlush(r);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void events(ChannelHandlerContext ctx, FullHttpRequest req, boolean head) {
    if (hub.full()) {
      // Not 2xx, so a browser's EventSource gives up instead of retrying against a full listener.
      byte[] body = "too many live readers\n".getBytes(StandardCharsets.UTF_8);
      FullHttpResponse busy =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              Unpooled.wrappedBuffer(body));
      busy.headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
          .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
      HttpUtil.setKeepAlive(busy, HttpUtil.isKeepAlive(req));
      var f = ctx.writeAndFlush(busy);
      if (!HttpUtil.isKeepAlive(req)) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
      return;
    }
    HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set("X-Content-Type-Options", "nosniff")
        // Practise what the project preaches: no proxy in front should buffer this stream.
        .set("X-Accel-Buffering", "no");
    HttpUtil.setTransferEncodingChunked(r, true);
    if (head) {
      ctx.write(r);
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    ctx.writeAndFlush(r);
    subscriber = hub.subscribe(ctx.channel());
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (subscriber != null && ctx.channel().isWritable()) {
      subscriber.drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (subscriber != null) {
      subscriber.close();
    } else {
      ctx.fireExceptionCaught(cause);
    }
  }
}
