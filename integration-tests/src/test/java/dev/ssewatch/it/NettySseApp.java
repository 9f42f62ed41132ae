package dev.ssewatch.it;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The application the agent watches, run in a child JVM: a Netty SSE server on 127.0.0.1 whose
 * every stream is {@link CanaryBackend#body}, with a secret {@code Set-Cookie}. Prints {@code
 * LISTENING <port>}, and stops when its standard input closes. Arguments: the canary, the
 * Set-Cookie secret.
 */
public final class NettySseApp {

  static final String LISTENING = "LISTENING ";

  private NettySseApp() {}

  public static void main(String[] args) throws Exception {
    Secrets secrets = new Secrets(args[0], "", "", "", "", "", "", args[1]);
    String body = CanaryBackend.body(secrets);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel server =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(new HttpServerCodec(), new Streams(secrets, body));
                    }
                  })
              .bind(new InetSocketAddress("127.0.0.1", 0))
              .sync()
              .channel();
      System.out.println(LISTENING + ((InetSocketAddress) server.localAddress()).getPort());
      System.out.flush();
      waitForEndOfInput();
      server.close().sync();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  private static void waitForEndOfInput() throws IOException {
    while (System.in.read() >= 0) {
      // Nothing is sent; the parent closes the pipe to stop us.
    }
  }

  private static final class Streams extends SimpleChannelInboundHandler<HttpObject> {
    private final Secrets secrets;
    private final String body;

    Streams(Secrets secrets, String body) {
      this.secrets = secrets;
      this.body = body;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (!(msg instanceof HttpRequest)) {
        // The request's (empty) content: nothing to do.
        return;
      }
      HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      response.headers().add(HttpHeaderNames.SET_COOKIE, "backend=" + secrets.setCookie());
      response.headers().set(HttpHeaderNames.CONNECTION, "close");
      HttpUtil.setTransferEncodingChunked(response, true);
      ctx.writeAndFlush(response);
      for (String event : body.split("(?<=\n\n)")) {
        ctx.writeAndFlush(
            new DefaultHttpContent(Unpooled.copiedBuffer(event.getBytes(StandardCharsets.UTF_8))));
      }
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
          .addListener(ChannelFutureListener.CLOSE);
    }
  }
}
