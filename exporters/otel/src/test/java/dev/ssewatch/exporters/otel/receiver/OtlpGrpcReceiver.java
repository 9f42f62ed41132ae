package dev.ssewatch.exporters.otel.receiver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/gRPC collector for tests without a gRPC server library: Netty HTTP/2 (cleartext, prior
 * knowledge) that unpacks the length-prefixed gRPC messages of the three Export methods and answers
 * each call with an empty response message and {@code grpc-status: 0} trailers.
 */
public final class OtlpGrpcReceiver extends OtlpReceiver {

  private static final String SERVICE_PREFIX = "/opentelemetry.proto.collector.";

  private final EventLoopGroup group;
  private final Channel channel;

  private OtlpGrpcReceiver(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** Starts on an ephemeral port of 127.0.0.1. */
  public static OtlpGrpcReceiver start() {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    OtlpGrpcReceiver[] self = new OtlpGrpcReceiver[1];
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(Http2FrameCodecBuilder.forServer().build())
                          .addLast(
                              new Http2MultiplexHandler(
                                  new ChannelInitializer<Http2StreamChannel>() {
                                    @Override
                                    protected void initChannel(Http2StreamChannel s) {
                                      s.pipeline().addLast(self[0].new Call());
                                    }
                                  }));
                    }
                  })
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
              .syncUninterruptibly()
              .channel();
      self[0] = new OtlpGrpcReceiver(group, ch);
      return self[0];
    } catch (RuntimeException e) {
      group.shutdownGracefully();
      throw e;
    }
  }

  @Override
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** One gRPC call: one HTTP/2 stream. */
  private final class Call extends ChannelInboundHandlerAdapter {
    private String path = "";
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        boolean end = false;
        if (msg instanceof Http2HeadersFrame h) {
          if (h.headers().path() != null) {
            path = h.headers().path().toString();
          }
          end = h.isEndStream();
        } else if (msg instanceof Http2DataFrame d) {
          ByteBuf content = d.content();
          byte[] bytes = new byte[content.readableBytes()];
          content.readBytes(bytes);
          body.writeBytes(bytes);
          end = d.isEndStream();
        }
        if (end) {
          respond(ctx);
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    private void respond(ChannelHandlerContext ctx) {
      boolean ok = decode();
      ctx.write(
          new DefaultHttp2HeadersFrame(
              new DefaultHttp2Headers().status("200").add("content-type", "application/grpc")));
      if (ok) {
        // One uncompressed, empty response message: everything accepted.
        ctx.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(new byte[5])));
      }
      ctx.writeAndFlush(
          new DefaultHttp2HeadersFrame(
              new DefaultHttp2Headers().add("grpc-status", ok ? "0" : "12"), true));
    }

    private boolean decode() {
      String signal = "";
      if (path.startsWith(SERVICE_PREFIX)) {
        String rest = path.substring(SERVICE_PREFIX.length());
        // trace.v1.TraceService/Export, metrics.v1…, logs.v1…
        String pkg = rest.substring(0, Math.max(0, rest.indexOf('.')));
        signal = "trace".equals(pkg) ? "traces" : pkg;
      }
      ByteBuffer buf = ByteBuffer.wrap(body.toByteArray());
      boolean ok = buf.remaining() >= 5;
      while (buf.remaining() >= 5) {
        boolean compressed = buf.get() != 0;
        int length = buf.getInt();
        if (length > buf.remaining()) {
          return false;
        }
        byte[] message = new byte[length];
        buf.get(message);
        try {
          if (compressed) {
            message = new GZIPInputStream(new java.io.ByteArrayInputStream(message)).readAllBytes();
          }
        } catch (java.io.IOException e) {
          return false;
        }
        ok &= accept(path, signal, message);
      }
      return ok;
    }
  }
}
