package dev.ssewatch.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.ssewatch.core.sse.Feed.Meta;
import dev.ssewatch.core.sse.Feed.Run;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Arbitrary bytes through both parser modes, against {@link ReferenceParser}. Each input is fed
 * whole, one byte at a time, split at every position (short inputs) and in chunkings drawn from the
 * input itself, so chunking is fuzzed along with the content while a seed file stays a plain event
 * stream. Every build runs the seed corpus in {@code SseParserFuzzTestInputs/}; docs/fuzzing.md
 * says how to fuzz.
 *
 * <p>Invariants: no exception; the same events, comments, last event ID and retry in every chunking
 * and mode as the reference (byte counts only where the input is valid UTF-8, the reference working
 * on text); metadata mode reports what capturing mode reports, with types and ids cut at {@link
 * SseParser#METADATA_VALUE_LIMIT}; a small capture limit changes only the data of the events above
 * it; and metadata mode's buffers stay within a fixed bound after every read, whatever the input.
 */
class SseParserFuzzTest {

  /** Value, type, cached type and id buffers: each at most the metadata value limit. */
  private static final int METADATA_BUFFER_BOUND = 4 * SseParser.METADATA_VALUE_LIMIT;

  /** Inputs up to this long are also split at every single position. */
  private static final int EVERY_SPLIT_UP_TO = 64;

  private static final int SMALL_CAPTURE_LIMIT = 8;

  @FuzzTest(maxDuration = "10m")
  void parsesLikeTheReference(byte[] in) {
    String initialId = in.length % 5 == 0 ? "init" : null;
    Run<SseEvent> expected = ReferenceParser.parse(in, initialId);
    boolean validUtf8 = validUtf8(in);
    Run<SseEvent> whole =
        Feed.capturing(in, new int[0], SseParser.DEFAULT_MAX_DATA_BYTES, initialId);
    assertMatchesReference(whole, expected, validUtf8, in, new int[0]);
    Run<Meta> metadata = Feed.metadata(in, new int[0], initialId);
    assertMetadataMatchesCapturing(metadata, whole, validUtf8, in);

    for (int[] cuts : chunkings(in)) {
      String as = hex(in) + " cut at " + Arrays.toString(cuts);
      Run<SseEvent> captured =
          Feed.capturing(in, cuts, SseParser.DEFAULT_MAX_DATA_BYTES, initialId);
      // Chunking must not change anything observable.
      assertThat(captured).as(as).isEqualTo(whole);
      assertThat(Feed.metadata(in, cuts, initialId)).as(as).isEqualTo(metadata);
      assertThat(Feed.metadataSuspending(in, cuts, initialId)).as(as).isEqualTo(metadata);
      assertMetadataBuffersBounded(in, cuts, initialId);
    }
    assertSmallCaptureLimitKeepsMetadata(in, initialId, whole, metadata);
    assertDirectBuffersParseAlike(in, initialId, metadata);
  }

  private static void assertMatchesReference(
      Run<SseEvent> actual, Run<SseEvent> expected, boolean validUtf8, byte[] in, int[] cuts) {
    String as = hex(in) + " cut at " + Arrays.toString(cuts);
    if (validUtf8) {
      assertThat(actual).as(as).isEqualTo(expected);
      return;
    }
    // Text is exact, but invalid bytes make the reference's byte counts meaningless.
    assertThat(actual.events())
        .as(as)
        .usingRecursiveFieldByFieldElementComparatorIgnoringFields("dataBytes")
        .isEqualTo(expected.events());
    assertThat(actual.comments()).as(as).hasSameSizeAs(expected.comments());
    assertThat(actual.lastEventId()).as(as).isEqualTo(expected.lastEventId());
    assertThat(actual.retryMillis()).as(as).isEqualTo(expected.retryMillis());
  }

  /**
   * Metadata mode reports what capturing mode reports, but types and ids beyond the value limit are
   * cut to their kept prefix and an ellipsis. For invalid UTF-8 the raw bytes of such a long value
   * cannot be recovered from its decoded text, so then only the counts are compared.
   */
  private static void assertMetadataMatchesCapturing(
      Run<Meta> metadata, Run<SseEvent> captured, boolean validUtf8, byte[] in) {
    String as = hex(in);
    assertThat(metadata.comments()).as(as).isEqualTo(captured.comments());
    assertThat(metadata.retryMillis()).as(as).isEqualTo(captured.retryMillis());
    List<Meta> expected = new ArrayList<>();
    boolean comparable = validUtf8 || shortEnough(captured.lastEventId());
    for (SseEvent e : captured.events()) {
      comparable &= validUtf8 || (shortEnough(e.type()) && shortEnough(e.lastEventId()));
      expected.add(new Meta(cut(e.type()), cut(e.lastEventId()), e.dataBytes(), e.dataLines()));
    }
    if (comparable) {
      assertThat(metadata.events()).as(as).isEqualTo(expected);
      assertThat(metadata.lastEventId()).as(as).isEqualTo(cut(captured.lastEventId()));
    } else {
      assertThat(metadata.events())
          .as(as)
          .usingRecursiveFieldByFieldElementComparatorOnFields("dataBytes", "dataLines")
          .isEqualTo(expected);
    }
  }

  /** Whether a value cannot have been cut: never longer as raw bytes than as re-encoded text. */
  private static boolean shortEnough(String value) {
    return value.getBytes(StandardCharsets.UTF_8).length <= SseParser.METADATA_VALUE_LIMIT;
  }

  /** A valid UTF-8 value as metadata mode reports it. */
  private static String cut(String value) {
    if (shortEnough(value)) {
      return value;
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    return Utf8.decode(utf8, 0, SseParser.METADATA_VALUE_LIMIT) + "\u2026";
  }

  /** Metadata mode's memory: bounded after every read, however long a line or value is. */
  private static void assertMetadataBuffersBounded(byte[] in, int[] cuts, String initialId) {
    SseParser p =
        SseParser.metadataOnly(Feed.collecting(new ArrayList<>(), new ArrayList<>()), initialId);
    int from = 0;
    for (int k = 0; k <= cuts.length; k++) {
      int to = k < cuts.length ? cuts[k] : in.length;
      p.feed(in, from, to - from);
      from = to;
      assertThat(p.bufferBytes())
          .as("buffers after %d of %d bytes of %s", to, in.length, hex(in))
          .isLessThanOrEqualTo(METADATA_BUFFER_BOUND + initialIdBytes(initialId));
    }
    p.end();
  }

  private static int initialIdBytes(String initialId) {
    return initialId == null ? 0 : initialId.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * A small capture limit changes only whether each event's data is kept; types and ids are then
   * kept up to the metadata value limit, as in metadata mode.
   */
  private static void assertSmallCaptureLimitKeepsMetadata(
      byte[] in, String initialId, Run<SseEvent> unlimited, Run<Meta> metadata) {
    Run<SseEvent> limited = Feed.capturing(in, new int[0], SMALL_CAPTURE_LIMIT, initialId);
    assertThat(Feed.project(limited)).as(hex(in)).isEqualTo(metadata);
    for (int k = 0; k < limited.events().size(); k++) {
      SseEvent e = limited.events().get(k);
      boolean over = e.dataBytes() > SMALL_CAPTURE_LIMIT;
      assertThat(e.overLimit()).as("%s event %d", hex(in), k).isEqualTo(over);
      assertThat(e.data())
          .as("%s event %d", hex(in), k)
          .isEqualTo(over ? null : unlimited.events().get(k).data());
    }
  }

  /** Direct and read-only buffers go through the parser's copy buffer, whose size is bounded. */
  private static void assertDirectBuffersParseAlike(byte[] in, String initialId, Run<Meta> heap) {
    List<Meta> events = new ArrayList<>();
    List<Long> comments = new ArrayList<>();
    SseParser p = SseParser.metadataOnly(Feed.collecting(events, comments), initialId);
    ByteBuffer direct = ByteBuffer.allocateDirect(in.length);
    direct.put(in).flip();
    int half = in.length / 2;
    p.feed(direct.duplicate().limit(half));
    p.feed(direct.duplicate().position(half).asReadOnlyBuffer());
    assertThat(p.scratchBytes()).isLessThanOrEqualTo(8192);
    assertThat(new Run<>(events, comments, p.lastEventId(), p.retryMillis()))
        .as(hex(in))
        .isEqualTo(heap);
  }

  /**
   * One byte at a time, every single split of a short input, and a few multi-splits drawn from the
   * input's own hash: the same input always gets the same chunkings, so a finding reproduces.
   */
  private static List<int[]> chunkings(byte[] in) {
    int n = in.length;
    List<int[]> all = new ArrayList<>();
    int[] each = new int[n];
    for (int k = 0; k < n; k++) {
      each[k] = k;
    }
    all.add(each);
    if (n <= EVERY_SPLIT_UP_TO) {
      for (int k = 1; k < n; k++) {
        all.add(new int[] {k});
      }
    }
    Random random = new Random(Arrays.hashCode(in));
    for (int r = 0; r < 4 && n > 1; r++) {
      all.add(random.ints(1 + random.nextInt(Math.min(n, 8)), 0, n + 1).sorted().toArray());
    }
    return all;
  }

  private static boolean validUtf8(byte[] in) {
    return SseParserPropertyTest.validUtf8(in);
  }

  private static String hex(byte[] in) {
    return in.length <= 256
        ? HexFormat.of().formatHex(in)
        : HexFormat.of().formatHex(in, 0, 256) + "… (" + in.length + " bytes)";
  }
}
