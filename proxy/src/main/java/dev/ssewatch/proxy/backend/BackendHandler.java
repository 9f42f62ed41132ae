package dev.ssewatch.proxy.backend;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.IOException;

/** Last handler of a backend connection: hands everything to the client side. */
final class BackendHandler extends ChannelInboundHandlerAdapter {

  private static final System.Logger LOG = System.getLogger(BackendHandler.class.getName());

  private final BackendListener listener;
  private final String backend;
  private final TlsFailures tlsFailures;

  BackendHandler(BackendListener listener, String backend, TlsFailures tlsFailures) {
    this.listener = listener;
    this.backend = backend;
    this.tlsFailures = tlsFailures;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    // Comes before the close that follows a failed handshake, so the close can say why.
    if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      tlsFailures.failed(ctx.channel(), backend, done.cause());
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    listener.onBackendMessage(ctx.channel(), msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    listener.onBackendReadComplete(ctx.channel());
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    listener.onBackendWritabilityChanged(ctx.channel());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    listener.onBackendInactive(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The close that follows is what the client side acts on; the cause is only worth a debug line.
    if (!(cause instanceof IOException)) {
      LOG.log(System.Logger.Level.DEBUG, "backend connection failed: {0}", cause.toString());
    }
    ctx.close();
  }
}
