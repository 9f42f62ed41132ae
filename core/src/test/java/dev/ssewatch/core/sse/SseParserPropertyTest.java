package dev.ssewatch.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.sse.Feed.Meta;
import dev.ssewatch.core.sse.Feed.Run;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random streams built from the tokens the standard cares about, checked against {@link
 * ReferenceParser} in random chunkings, in both modes.
 */
class SseParserPropertyTest {

  private static final String[] TOKENS = {
    "data",
    "data:",
    "data: ",
    "event",
    "event:",
    "event: ",
    "id",
    "id:",
    "id: ",
    "retry:",
    "retry: ",
    ":",
    ": ",
    " ",
    "  ",
    "x",
    "tick",
    "42",
    "0",
    "\u00e9",
    "\u2028",
    "\u0085",
    "\t",
    "\0",
    "\r",
    "\n",
    "\r\n",
    "\n\n",
    "\r\r",
    "\ufeff",
    "foo:",
    "dat",
    "ata:",
    "\u00ff",
    "0123456789abcdefghij"
  };
  private static final byte[][] RAW = {
    {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {(byte) 0xEF, (byte) 0xBB}, {(byte) 0xFF},
    {(byte) 0xE2, (byte) 0x82}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC3}
  };

  static byte[] randomStream(Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int tokens = random.nextInt(40);
    for (int t = 0; t < tokens; t++) {
      if (random.nextInt(12) == 0) {
        out.writeBytes(RAW[random.nextInt(RAW.length)]);
      } else {
        out.writeBytes(TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
      }
    }
    return out.toByteArray();
  }

  static boolean validUtf8(byte[] in) {
    String decoded = Utf8.decodeStrict(in, 0, in.length);
    return Arrays.equals(decoded.getBytes(StandardCharsets.UTF_8), in);
  }

  /** Checks one stream in the given chunkings. */
  static void check(byte[] in, List<int[]> chunkings, String initialId) {
    Run<SseEvent> expected = ReferenceParser.parse(in, initialId);
    boolean countsComparable = validUtf8(in);
    for (int[] cuts : chunkings) {
      String as = HexFormat.of().formatHex(in) + " cut at " + Arrays.toString(cuts);
      Run<SseEvent> captured =
          Feed.capturing(in, cuts, SseParser.DEFAULT_MAX_DATA_BYTES, initialId);
      if (countsComparable) {
        assertThat(captured).as(as).isEqualTo(expected);
      } else {
        // Text is exact, but invalid bytes make the reference's byte counts meaningless.
        assertThat(captured.events())
            .as(as)
            .usingRecursiveFieldByFieldElementComparatorIgnoringFields("dataBytes")
            .isEqualTo(expected.events());
        assertThat(captured.comments()).as(as).hasSameSizeAs(expected.comments());
        assertThat(captured.lastEventId()).as(as).isEqualTo(expected.lastEventId());
        assertThat(captured.retryMillis()).as(as).isEqualTo(expected.retryMillis());
      }
      Run<Meta> metadata = Feed.metadata(in, cuts, initialId);
      assertThat(metadata).as(as).isEqualTo(Feed.project(captured));
      assertThat(Feed.metadataSuspending(in, cuts, initialId)).as(as).isEqualTo(metadata);
    }
  }

  @Test
  void randomStreamsMatchTheReferenceInEveryMode() {
    Random random = new Random(20261122);
    for (int n = 0; n < 2000; n++) {
      byte[] in = randomStream(random);
      List<int[]> chunkings = Feed.chunkings(in.length, random.nextLong());
      // Every split position is covered by the table tests; here a sample keeps the run short.
      List<int[]> sample =
          List.of(
              chunkings.get(0),
              chunkings.get(1 + random.nextInt(in.length + 1)),
              chunkings.get(in.length + 2),
              chunkings.get(chunkings.size() - 1));
      check(in, sample, random.nextInt(4) == 0 ? "init" : null);
    }
  }
}
