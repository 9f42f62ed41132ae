package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChunkedBodyTest {

  private static final String BODY =
      "b\r\ndata: one\n\n\r\n"
          + "E;name=value\r\ndata: second\n\n\r\n"
          + "1\nx\n"
          + "0\r\nX-Checksum: abc\r\nContent-Length: 9\r\n\r\n";

  @Test
  void takesTheDataOutOfEveryChunkAndStopsAfterTheTrailers() {
    ChunkedBody body = new ChunkedBody();
    ByteBuf in = ascii(BODY + "HTTP/1.1 200 OK\r\n");
    ByteBuf out = Unpooled.buffer();

    assertThat(body.decode(in, out)).isEqualTo(ChunkedBody.Step.END);

    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("data: one\n\ndata: second\n\nx");
    assertThat(in.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK\r\n");
    assertThat(body.trailers().get("X-Checksum")).isEqualTo("abc");
    // Framing fields never travel as trailers, as with Netty's own decoder.
    assertThat(body.trailers().contains("Content-Length")).isFalse();
    in.release();
    out.release();
  }

  @Test
  void anyReadBoundaryGivesTheSameData() {
    // Every split point, and one byte per read: sizes, extensions, delimiters and trailers all
    // continue across reads.
    for (int split = 0; split <= BODY.length(); split++) {
      ChunkedBody body = new ChunkedBody();
      ByteBuf out = Unpooled.buffer();
      assertThat(body.decode(ascii(BODY.substring(0, split)), out))
          .isEqualTo(split == BODY.length() ? ChunkedBody.Step.END : ChunkedBody.Step.MORE);
      if (split < BODY.length()) {
        assertThat(body.decode(ascii(BODY.substring(split)), out)).isEqualTo(ChunkedBody.Step.END);
      }
      assertThat(out.toString(StandardCharsets.US_ASCII))
          .as("split at %d", split)
          .isEqualTo("data: one\n\ndata: second\n\nx");
    }
    ChunkedBody body = new ChunkedBody();
    ByteBuf out = Unpooled.buffer();
    ChunkedBody.Step last = null;
    for (char c : BODY.toCharArray()) {
      last = body.decode(ascii(String.valueOf(c)), out);
    }
    assertThat(last).isEqualTo(ChunkedBody.Step.END);
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("data: one\n\ndata: second\n\nx");
    assertThat(body.trailers().get("X-Checksum")).isEqualTo("abc");
  }

  @Test
  void endsWithoutTrailers() {
    ChunkedBody body = new ChunkedBody();
    ByteBuf out = Unpooled.buffer();
    assertThat(body.decode(ascii("3\r\nabc\r\n0\r\n\r\n"), out)).isEqualTo(ChunkedBody.Step.END);
    assertThat(body.trailers()).isNull();
    assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("abc");
  }

  @Test
  void refusesWhatIsNotChunkedFraming() {
    assertThat(decode("data: x\n\n")).isEqualTo(ChunkedBody.Step.MALFORMED);
    assertThat(decode("\r\nabc")).isEqualTo(ChunkedBody.Step.MALFORMED);
    assertThat(decode("123456789\r\n")).isEqualTo(ChunkedBody.Step.MALFORMED);
    assertThat(decode("3;" + "x".repeat(ChunkedBody.MAX_LINE) + "\r\n"))
        .isEqualTo(ChunkedBody.Step.MALFORMED);
    assertThat(decode("0\r\nno colon here\r\n\r\n")).isEqualTo(ChunkedBody.Step.MALFORMED);
    assertThat(decode("0\r\n" + "X-Big: " + "y".repeat(ChunkedBody.MAX_LINE) + "\r\n\r\n"))
        .isEqualTo(ChunkedBody.Step.MALFORMED);
  }

  private static ChunkedBody.Step decode(String s) {
    ByteBuf out = Unpooled.buffer();
    try {
      return new ChunkedBody().decode(ascii(s), out);
    } finally {
      out.release();
    }
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }
}
