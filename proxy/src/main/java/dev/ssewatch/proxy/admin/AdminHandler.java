package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.stream.StreamSnapshot;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** {@code /healthz}, {@code /metrics} and {@code /streams}: small answers, so aggregated. */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private final ProxyMetrics metrics;
  private final Supplier<List<StreamSnapshot>> streams;
  private final Supplier<String> healthProblem;

  /**
   * @param healthProblem why the proxy cannot serve now, or {@code null} when it can
   */
  AdminHandler(
      ProxyMetrics metrics,
      Supplier<List<StreamSnapshot>> streams,
      Supplier<String> healthProblem) {
    this.metrics = metrics;
    this.streams = streams;
    this.healthProblem = healthProblem;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    String path = req.uri();
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    FullHttpResponse resp;
    if (!req.decoderResult().isSuccess()) {
      resp = text(HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "bad request\n");
    } else if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
      resp = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "GET only\n");
    } else {
      switch (path) {
        case "/healthz" -> {
          String problem = healthProblem.get();
          resp =
              text(
                  problem == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                  "text/plain; charset=utf-8",
                  problem == null ? "ok\n" : problem + "\n");
        }
        case "/metrics" ->
            resp =
                text(
                    HttpResponseStatus.OK,
                    "text/plain; version=0.0.4; charset=utf-8",
                    metrics.prometheus());
        case "/streams" ->
            resp =
                text(
                    HttpResponseStatus.OK,
                    "application/json",
                    StreamsJson.write(streams.get(), System.nanoTime()));
        default ->
            resp = text(HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8", "not found\n");
      }
    }
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(resp, keepAlive);
    if (req.method().equals(HttpMethod.HEAD)) {
      resp.content().clear();
    }
    var f = ctx.writeAndFlush(resp);
    if (!keepAlive) {
      f.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private static FullHttpResponse text(HttpResponseStatus status, String type, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, type)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return r;
  }
}
