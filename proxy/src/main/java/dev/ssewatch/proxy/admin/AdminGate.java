package dev.ssewatch.proxy.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The admin listener's door: a request must name the listener itself in {@code Host}, and carry the
 * admin token when one is configured.
 *
 * <p>{@code Host} is checked against the connection's own local address (its IP literal), {@code
 * localhost} when that address is a loopback one, and the configured extra names; the port is not
 * compared, so a port forward in front still works. Anything else gets 421 Misdirected Request: the
 * request is not forbidden to its sender, it is addressed to a name this listener does not serve,
 * which is exactly what a web page reaching the listener through DNS rebinding does ({@code Host:
 * evil.example}).
 *
 * <p>The token is accepted as {@code Authorization: Bearer …} or as the {@code ssewatch_admin}
 * cookie, which {@code /?token=…} sets (HttpOnly, SameSite=Strict) so that a browser can open the
 * live page, whose feed ({@code EventSource}) cannot send headers but sends same-origin cookies.
 * {@code /healthz} needs no token: health checkers rarely can send one and it shows nothing. Tokens
 * are compared in constant time, as SHA-256 digests, so neither content nor length leaks.
 */
@ChannelHandler.Sharable
final class AdminGate extends ChannelInboundHandlerAdapter {

  static final String COOKIE = "ssewatch_admin";

  private final List<String> extraHosts;
  private final byte[] tokenDigest;
  private final ProxyMetrics metrics;

  AdminGate(AdminAccess access, ProxyMetrics metrics) {
    this.extraHosts = access.extraHosts();
    this.tokenDigest = access.token() == null ? null : sha256(access.token());
    this.metrics = metrics;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest req) || !req.decoderResult().isSuccess()) {
      ctx.fireChannelRead(msg);
      return;
    }
    List<String> hosts = req.headers().getAll(HttpHeaderNames.HOST);
    if (hosts.size() != 1 || !isOwnName(hostName(hosts.get(0)), ctx)) {
      ReferenceCountUtil.release(msg);
      metrics.adminRefused(true);
      refuse(
          ctx, HttpResponseStatus.MISDIRECTED_REQUEST, "this listener does not serve that host\n");
      return;
    }
    if (tokenDigest == null) {
      ctx.fireChannelRead(msg);
      return;
    }
    QueryStringDecoder q = new QueryStringDecoder(req.uri());
    String path = q.path();
    if (path.equals("/healthz") || matches(bearer(req)) || matches(cookie(req))) {
      ctx.fireChannelRead(msg);
      return;
    }
    List<String> given = q.parameters().get("token");
    boolean page = path.equals("/") || path.equals("/live") || path.equals("/live/");
    ReferenceCountUtil.release(msg);
    if (page && given != null && given.size() == 1 && matches(given.get(0))) {
      // The token leaves the address bar at once; the browser keeps it as a same-site cookie.
      FullHttpResponse r = response(HttpResponseStatus.SEE_OTHER, "");
      r.headers()
          .set(HttpHeaderNames.LOCATION, path)
          .set(
              HttpHeaderNames.SET_COOKIE,
              COOKIE + "=" + given.get(0) + "; Path=/; HttpOnly; SameSite=Strict");
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    metrics.adminRefused(false);
    FullHttpResponse r =
        response(HttpResponseStatus.UNAUTHORIZED, "the admin listener needs its token\n");
    r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"ssewatch admin\"");
    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
  }

  private boolean isOwnName(String host, ChannelHandlerContext ctx) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    if (ctx.channel().localAddress() instanceof InetSocketAddress local) {
      InetAddress a = local.getAddress();
      byte[] literal = NetUtil.createByteArrayFromIpAddressString(host);
      if (literal != null) {
        return Arrays.equals(literal, a.getAddress());
      }
      if (host.equals("localhost") && a.isLoopbackAddress()) {
        return true;
      }
    }
    return extraHosts.contains(host);
  }

  /** The host part of a {@code Host} value, lower case, without port or a trailing dot. */
  static String hostName(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    String host;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      if (close < 0 || (close + 1 < v.length() && v.charAt(close + 1) != ':')) {
        return null;
      }
      host = v.substring(1, close);
    } else {
      int colon = v.indexOf(':');
      if (colon >= 0 && v.indexOf(':', colon + 1) >= 0) {
        return null;
      }
      host = colon < 0 ? v : v.substring(0, colon);
    }
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  private static String bearer(FullHttpRequest req) {
    String v = req.headers().get(HttpHeaderNames.AUTHORIZATION);
    if (v == null || v.length() < 7 || !v.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return v.substring(7).trim();
  }

  private static String cookie(FullHttpRequest req) {
    for (String header : req.headers().getAll(HttpHeaderNames.COOKIE)) {
      for (String pair : header.split(";")) {
        String p = pair.trim();
        if (p.startsWith(COOKIE + "=")) {
          return p.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(tokenDigest, sha256(candidate));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
    ctx.writeAndFlush(response(status, body)).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(bytes));
    r.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
        .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }
}
