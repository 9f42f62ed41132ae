package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.agent.bootstrap.BodyContext;
import dev.ssewatch.core.testing.Allocations;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ResourceLeakDetector;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Netty's objects read by the agent without linking against Netty. */
class NettyBuffersTest {

  private static final byte[] EVENT = "id: 7\ndata: hello\n\n".getBytes(StandardCharsets.UTF_8);

  private final Seen seen = new Seen();

  @BeforeAll
  static void paranoid() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @Test
  void aBufferOfSeveralPartsIsReadPartByPartAndKeepsItsIndices() {
    CompositeByteBuf buf = Unpooled.compositeBuffer();
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(EVENT, 0, 5));
    buf.addComponent(true, Unpooled.directBuffer().writeBytes(EVENT, 5, EVENT.length - 5));
    try {
      NettyBuffers.readParts(buf, seen);

      assertThat(seen.views).isEqualTo(2);
      assertThat(seen.bytes.toByteArray()).isEqualTo(EVENT);
      assertThat(buf.readerIndex()).isZero();
      assertThat(buf.readableBytes()).isEqualTo(EVENT.length);
    } finally {
      buf.release();
    }
  }

  @Test
  void aBufferOfAClassThatIsNotPublicIsReadThroughByteBufsOwnMethod() {
    // Netty's FixedCompositeByteBuf, a package-private class.
    ByteBuf buf =
        Unpooled.wrappedUnmodifiableBuffer(
            Unpooled.directBuffer().writeBytes(EVENT, 0, 5),
            Unpooled.directBuffer().writeBytes(EVENT, 5, EVENT.length - 5));
    try {
      assertThat(Modifier.isPublic(buf.getClass().getModifiers())).isFalse();

      NettyBuffers.readParts(buf, seen);

      assertThat(seen.bytes.toByteArray()).isEqualTo(EVENT);
    } finally {
      buf.release();
    }
  }

  @Test
  void aResponsesStatusAndHeadersAreRead() {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().set("Content-Type", "text/event-stream").set("Content-Encoding", "gzip");
    response.headers().set("Cache-Control", "no-cache");

    NettyBuffers.readResponse(response, seen);

    assertThat(seen.status).isEqualTo(200);
    assertThat(seen.contentType).isEqualTo("text/event-stream");
    assertThat(seen.contentEncoding).isEqualTo("gzip");
    assertThat(seen.headerNames)
        .containsExactly("Content-Type", "Content-Encoding", "Cache-Control");
  }

  @Test
  void readingAResponseAllocatesNothing() {
    HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    response.headers().set("Content-Type", "text/event-stream");
    BodyContext none = new BodyContext() {};

    long perResponse = Allocations.perRound(() -> NettyBuffers.readResponse(response, none));

    assertThat(perResponse).isZero();
  }

  @Test
  void whatIsNotANettyBufferOrResponseIsNotRead() {
    NettyBuffers.readParts("id: 1\n\n", seen);
    NettyBuffers.readParts(null, seen);
    NettyBuffers.readResponse("HTTP/1.1 200 OK", seen);
    NettyBuffers.readResponse(null, seen);

    assertThat(seen.views).isZero();
    assertThat(seen.status).isEqualTo(-1);
  }

  /** Notes what it is handed. */
  private static final class Seen extends BodyContext {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<String> headerNames = new ArrayList<>();
    int views;
    int status = -1;
    String contentType;
    String contentEncoding;

    @Override
    public void onBytes(ByteBuffer buf) {
      views++;
      ByteBuffer copy = buf.duplicate();
      while (copy.hasRemaining()) {
        bytes.write(copy.get());
      }
    }

    @Override
    public void onHttpResponse(
        int status,
        Iterable<? extends Map.Entry<String, String>> headers,
        String contentType,
        String contentEncoding) {
      this.status = status;
      this.contentType = contentType;
      this.contentEncoding = contentEncoding;
      for (Map.Entry<String, String> e : headers) {
        headerNames.add(e.getKey());
      }
    }
  }
}
