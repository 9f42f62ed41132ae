package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8FeedTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Utf8Feed.Sink sink = (b, off, len, nanos) -> out.write(b, off, len);

  @Test
  void aCharBufferIsReadFromItsPositionToItsLimitAndLeftAsItWas() {
    String text = "xxdata: é€😀\n\nyy";
    CharBuffer buf = CharBuffer.wrap(text.toCharArray());
    buf.position(2).limit(text.length() - 2);

    new Utf8Feed().feed(buf, sink, 0);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("data: é€😀\n\n");
    assertThat(buf.position()).isEqualTo(2);
    assertThat(buf.limit()).isEqualTo(text.length() - 2);
  }

  @Test
  void aReadOnlyCharBufferWithoutAnArrayIsReadToo() {
    CharBuffer buf = CharBuffer.wrap("id: 1\n\n").asReadOnlyBuffer();

    new Utf8Feed().feed(buf, sink, 0);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("id: 1\n\n");
  }

  @Test
  void aSurrogatePairSplitAcrossWritesIsEncodedOnce() {
    Utf8Feed feed = new Utf8Feed();
    String s = "😀";
    feed.feed(CharBuffer.wrap(s, 0, 1), sink, 0);
    feed.feed(CharBuffer.wrap(s, 1, 2), sink, 0);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("😀");
  }
}
