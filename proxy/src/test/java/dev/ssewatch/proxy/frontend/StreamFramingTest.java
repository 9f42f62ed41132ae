package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamFramingTest {

  @Test
  void framesTheStreamWithoutTheCodecAndGivesTheCodecBackWithWhatTheClientSentMeanwhile() {
    Framed framed = new Framed();
    EmbeddedChannel ch = new EmbeddedChannel(StreamFraming.newCodec(), framed);
    ch.writeInbound(ascii("GET /events HTTP/1.1\r\nHost: x\r\n\r\nGET /ne"));
    HttpRequest first = ch.readInbound();
    assertThat(first.uri()).isEqualTo("/events");
    ReferenceCountUtil.release(ch.readInbound()); // the request's empty last content
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    ch.writeOutbound(head);
    assertThat(drainOutbound(ch)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");

    framed.startStream(true);

    assertThat(ch.pipeline().get(HttpServerCodec.class)).isNull();
    // What the codec had read of the next request comes on raw.
    ByteBuf leftover = ch.readInbound();
    assertThat(leftover.toString(StandardCharsets.US_ASCII)).isEqualTo("GET /ne");
    ch.writeOutbound(new DefaultHttpContent(ascii("data: x\n\n")));
    ch.writeOutbound(new DefaultHttpContent(Unpooled.EMPTY_BUFFER));
    assertThat(drainOutbound(ch)).isEqualTo("9\r\ndata: x\n\n\r\n");
    LastHttpContent last = new DefaultLastHttpContent();
    last.trailingHeaders().set("X-Checksum", "abc");
    ch.writeOutbound(last);
    assertThat(drainOutbound(ch)).isEqualTo("0\r\nX-Checksum: abc\r\n\r\n");

    List<Object> held = new ArrayList<>(List.of(leftover, ascii("xt HTTP/1.1\r\nHost: x\r\n\r\n")));
    framed.endStream(held);

    assertThat(held).isEmpty();
    assertThat(ch.pipeline().names()).hasSize(3); // codec, Framed, the channel's tail
    HttpRequest next = ch.readInbound();
    assertThat(next.uri()).isEqualTo("/next");
    ReferenceCountUtil.release(ch.readInbound());
    // The fresh codec encodes the next response from the start.
    ch.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT));
    assertThat(drainOutbound(ch)).startsWith("HTTP/1.1 204 No Content\r\n");
    assertThat(ch.finishAndReleaseAll()).isFalse();
  }

  @Test
  void chunkSizesAreHex() {
    Framed framed = new Framed();
    EmbeddedChannel ch = new EmbeddedChannel(StreamFraming.newCodec(), framed);
    framed.startStream(true);
    for (int n : new int[] {1, 15, 16, 255, 256, 4096, 65535, 70000}) {
      ch.writeOutbound(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[n])));
      String out = drainOutbound(ch);
      assertThat(out.substring(0, out.indexOf("\r\n"))).isEqualTo(Integer.toHexString(n));
      assertThat(out).hasSize(Integer.toHexString(n).length() + 2 + n + 2);
    }
    ch.finishAndReleaseAll();
  }

  @Test
  void leavesACloseDelimitedBodyAsItIs() {
    Framed framed = new Framed();
    EmbeddedChannel ch = new EmbeddedChannel(StreamFraming.newCodec(), framed);
    framed.startStream(false);
    ch.writeOutbound(new DefaultHttpContent(ascii("data: x\n\n")));
    ch.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(drainOutbound(ch)).isEqualTo("data: x\n\n");
    ch.finishAndReleaseAll();
  }

  @Test
  void theCodecComesBackBehindATlsHandlerWithTheHeldBytesDecodedNotEncrypted() {
    Framed framed = new Framed();
    List<Object> seenByTls = new ArrayList<>();
    ChannelInboundHandlerAdapter tls =
        new ChannelInboundHandlerAdapter() {
          @Override
          public void channelRead(ChannelHandlerContext ctx, Object msg) {
            seenByTls.add(msg);
            ctx.fireChannelRead(msg);
          }
        };
    EmbeddedChannel ch = new EmbeddedChannel(tls, StreamFraming.newCodec(), framed);
    framed.startStream(true);
    framed.endStream(new ArrayList<>(List.of(ascii("GET /next HTTP/1.1\r\nHost: x\r\n\r\n"))));
    assertThat(seenByTls).isEmpty();
    HttpRequest next = ch.readInbound();
    assertThat(next.uri()).isEqualTo("/next");
    ReferenceCountUtil.release(ch.readInbound());
    assertThat(ch.pipeline().last()).isSameAs(framed);
    assertThat(ch.pipeline().first()).isSameAs(tls);
    assertThat(ch.pipeline().get(HttpServerCodec.class)).isNotNull();
    assertThat(ch.pipeline().names()).hasSize(4);
    ch.finishAndReleaseAll();
  }

  /** Does what {@link FrontendHandler} does around a stream, and nothing else. */
  private static final class Framed extends ChannelDuplexHandler {
    private ChannelHandlerContext ctx;
    private boolean on;
    private boolean chunked;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    void startStream(boolean chunked) {
      StreamFraming.removeCodec(ctx.pipeline());
      this.chunked = chunked;
      on = true;
    }

    void endStream(List<Object> held) {
      on = false;
      StreamFraming.restoreCodec(ctx, held.iterator());
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (on) {
        StreamFraming.write(ctx, msg, promise, chunked);
      } else {
        ctx.write(msg, promise);
      }
    }
  }

  private static String drainOutbound(EmbeddedChannel ch) {
    StringBuilder b = new StringBuilder();
    ByteBuf buf;
    while ((buf = ch.readOutbound()) != null) {
      b.append(buf.toString(StandardCharsets.US_ASCII));
      buf.release();
    }
    return b.toString();
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }
}
