package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
    EmbeddedChannel ch = new EmbeddedChannel(StreamFraming.newCodec());
    ch.writeInbound(ascii("GET /events HTTP/1.1\r\nHost: x\r\n\r\nGET /ne"));
    HttpRequest first = ch.readInbound();
    assertThat(first.uri()).isEqualTo("/events");
    ReferenceCountUtil.release(ch.readInbound()); // the request's empty last content
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    ch.writeOutbound(head);
    assertThat(drainOutbound(ch)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");

    StreamFraming framing = StreamFraming.replaceCodec(ch.pipeline(), true);

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
    framing.restoreCodec(held.iterator());

    assertThat(held).isEmpty();
    assertThat(ch.pipeline().get(StreamFraming.class)).isNull();
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
    EmbeddedChannel ch = new EmbeddedChannel(StreamFraming.newCodec());
    StreamFraming.replaceCodec(ch.pipeline(), true);
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
    EmbeddedChannel ch = new EmbeddedChannel(StreamFraming.newCodec());
    StreamFraming.replaceCodec(ch.pipeline(), false);
    ch.writeOutbound(new DefaultHttpContent(ascii("data: x\n\n")));
    ch.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertThat(drainOutbound(ch)).isEqualTo("data: x\n\n");
    ch.finishAndReleaseAll();
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
