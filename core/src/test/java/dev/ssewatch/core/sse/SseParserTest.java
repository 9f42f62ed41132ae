package dev.ssewatch.core.sse;

import static dev.ssewatch.core.sse.Feed.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ssewatch.core.sse.Feed.Meta;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SseParserTest {

  private final List<SseEvent> events = new ArrayList<>();
  private final List<Meta> metas = new ArrayList<>();
  private final List<Long> comments = new ArrayList<>();

  private final SseParser.Listener capture = Feed.capturing(events, comments);

  private final SseParser.MetadataListener meta = Feed.collecting(metas, comments);

  private static void feed(SseParser p, String s) {
    byte[] b = Feed.bytes(s);
    p.feed(b, 0, b.length);
  }

  private static SseEvent message(String data) {
    return new SseEvent("message", data, "", data.length(), 1, false);
  }

  @Test
  void crAtEndOfReadDispatchesBeforeTheLfArrives() {
    SseParser p = new SseParser(capture);
    feed(p, "data: x\r");
    assertThat(events).isEmpty();
    feed(p, "\r");
    assertThat(events).containsExactly(message("x"));
    assertThat(p.atEventBoundary()).isFalse();
    feed(p, "\n");
    assertThat(p.atEventBoundary()).isTrue();
    feed(p, "data: y\n\n");
    assertThat(events).containsExactly(message("x"), message("y"));
  }

  @Test
  void crLfSplitAcrossReads() {
    SseParser p = new SseParser(capture);
    // Were the LF a line ending of its own, "a" would be dispatched alone at the first LF.
    for (String chunk : new String[] {"data: a\r", "\ndata: b\r", "\n\r", "\n"}) {
      feed(p, chunk);
    }
    assertThat(events).containsExactly(new SseEvent("message", "a\nb", "", 3, 2, false));
  }

  @Test
  void lfAfterCrOnlySkippedOnce() {
    SseParser p = new SseParser(capture);
    feed(p, "data: a\r");
    feed(p, "\n");
    feed(p, "\n");
    assertThat(events).containsExactly(message("a"));
  }

  @Test
  void bomSplitAcrossReads() {
    SseParser p = new SseParser(capture);
    for (String chunk : new String[] {raw(0xEF), raw(0xBB), raw(0xBF) + "da", "ta: x\n\n"}) {
      feed(p, chunk);
    }
    assertThat(events).containsExactly(message("x"));
  }

  @Test
  void bomPrefixFollowedByOtherBytesIsContent() {
    SseParser p = new SseParser(capture);
    feed(p, raw(0xEF));
    feed(p, raw(0xBB));
    feed(p, "\n: c\ndata: x\n\n");
    // EF BB was a line of its own: an unknown field, then a comment and an event.
    assertThat(events).containsExactly(message("x"));
    assertThat(comments).containsExactly(2L);
  }

  @Test
  void onlyOneBomStripped() {
    SseParser p = new SseParser(capture);
    feed(p, "\ufeff");
    feed(p, "\ufeff: c\n");
    // The second BOM starts a field name, so the line is not a comment.
    assertThat(comments).isEmpty();
  }

  @Test
  void idWithNulIgnored() {
    SseParser p = new SseParser(capture);
    feed(p, "id: 1\n\nid: 2" + raw(0) + "\n\n");
    assertThat(p.lastEventId()).isEqualTo("1");
  }

  @Test
  void blankLineWithoutDataCommitsIdButDispatchesNothing() {
    SseParser p = SseParser.metadataOnly(meta, null);
    feed(p, "id: 5\n");
    assertThat(p.lastEventId()).isEmpty();
    feed(p, "\n");
    assertThat(p.lastEventId()).isEqualTo("5");
    assertThat(metas).isEmpty();
  }

  @Test
  void metadataBuffersAreAllocatedOnFirstUseAndGrowPastTheirFirstSize() {
    SseParser p = SseParser.metadataOnly(meta, null);
    // An idle stream's parser holds no value, type or id buffer.
    assertThat(p.bufferBytes()).isZero();
    feed(p, ": keep-alive\n\n");
    assertThat(p.bufferBytes()).isZero();

    String longType = "t".repeat(40);
    String longId = "i".repeat(70);
    feed(
        p,
        "event: tick\nid: 1\ndata: a\n\nevent: " + longType + "\nid: " + longId + "\ndata: b\n\n");
    feed(p, "event: tick\ndata: c\n\n");

    assertThat(metas)
        .extracting(Meta::type, Meta::lastEventId)
        .containsExactly(tuple("tick", "1"), tuple(longType, longId), tuple("tick", longId));
    assertThat(p.bufferBytes()).isPositive();
  }

  @Test
  void aListenerThatReadsIdsItselfGetsNoStringButTheVersionAndBytes() {
    ByteIdReader reader = new ByteIdReader((type, lastEventId) -> lastEventId);
    SseParser p = SseParser.metadataOnly(reader, "\u00e9");
    reader.parser = p;
    String longId = "L".repeat(SseParser.METADATA_VALUE_LIMIT + 1);
    feed(p, "data: a\n\nid: 7\ndata: b\n\nid: 7\ndata: c\n\nid: " + longId + "\ndata: d\n\n");
    feed(p, "id: a" + raw(0xff) + "\ndata: e\n\nid\ndata: f\n\n");

    String truncated = longId.substring(0, SseParser.METADATA_VALUE_LIMIT) + "\u2026";
    assertThat(reader.seen)
        .containsExactly(
            "null|0|\u00e9",
            "null|1|7",
            "null|1|7",
            "null|2|" + truncated,
            "null|3|a\ufffd",
            "null|4|");
    assertThat(p.lastEventId()).isEmpty();
  }

  @Test
  void aParserSuspendsOnlyAtAnEventBoundaryAfterItsFirstBytes() {
    assertThat(new SseParser(capture).suspend()).isNull();
    assertThat(SseParser.metadataOnly(meta, null).suspend()).as("nothing fed").isNull();
    for (String notYet : List.of("data: a", "data: a\n", "id: 1\n", ": c\r", raw(0xef))) {
      SseParser p = SseParser.metadataOnly(meta, null);
      feed(p, notYet);
      assertThat(p.suspend()).as(notYet).isNull();
    }
    SseParser p = SseParser.metadataOnly(meta, null);
    feed(p, "data: a\n\n: c\r\n");
    assertThat(p.suspend()).isNotNull();
  }

  @Test
  void aResumedParserGoesOnWithTheIdItsVersionAndTheRetry() {
    ByteIdReader reader = new ByteIdReader((type, lastEventId) -> type);
    reader.parser = SseParser.metadataOnly(reader, "\u00e9");
    String longId = "L".repeat(SseParser.METADATA_VALUE_LIMIT + 1);
    String truncated = longId.substring(0, SseParser.METADATA_VALUE_LIMIT) + "\u2026";
    List<String> script =
        List.of(
            "retry: 250\nevent: tick\ndata: a\n\n",
            "data: b\n\n",
            "id: 7\ndata: c\n\n",
            "id: 7\ndata: d\n\n",
            "id: " + longId + "\ndata: e\n\n",
            "data: f\n\n",
            "id: a" + raw(0xff) + "\ndata: g\n\n",
            "data: h\n\n",
            "id\ndata: i\n\n");
    for (String chunk : script) {
      feed(reader.parser, chunk);
      SseParser.Suspended s = reader.parser.suspend();
      assertThat(s).as(chunk).isNotNull();
      reader.parser = SseParser.resume(reader, s);
    }

    assertThat(reader.seen)
        .containsExactly(
            "tick|0|\u00e9",
            "message|0|\u00e9",
            "message|1|7",
            "message|1|7",
            "message|2|" + truncated,
            "message|2|" + truncated,
            "message|3|a\ufffd",
            "message|3|a\ufffd",
            "message|4|");
    assertThat(reader.parser.retryMillis()).isEqualTo(250);
    assertThat(reader.parser.lastEventId()).isEmpty();

    // A listener that takes the id as a String gets it decoded from the suspended bytes.
    SseParser p = SseParser.metadataOnly(reader, null);
    feed(p, "id: a" + raw(0xff) + "\n\n");
    SseParser resumed = SseParser.resume(meta, p.suspend());
    feed(resumed, "data: x\n\n");
    assertThat(metas).extracting(Meta::lastEventId).containsExactly("a\ufffd");
  }

  @Test
  void theLastEventIdIsDecodedOnDemandForSuchAListener() {
    SseParser p =
        SseParser.metadataOnly(
            new SseParser.MetadataListener() {
              @Override
              public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {}

              @Override
              public boolean wantsLastEventIdString() {
                return false;
              }
            },
            null);
    feed(p, "id: 5\ndata: a\n\n");
    assertThat(p.lastEventId()).isEqualTo("5");
    assertThat(p.lastEventId()).isSameAs(p.lastEventId());
    feed(p, "id: 6\n\n");
    assertThat(p.lastEventId()).isEqualTo("6");
  }

  @Test
  void initialLastEventIdReportedUntilChanged() {
    SseParser p = new SseParser(capture, "41");
    assertThat(p.lastEventId()).isEqualTo("41");
    feed(p, "data: a\n\nid: 42\ndata: b\n\n");
    assertThat(events).extracting(SseEvent::lastEventId).containsExactly("41", "42");
  }

  @Test
  void initialLastEventIdInMetadataMode() {
    SseParser p = SseParser.metadataOnly(meta, "7");
    feed(p, "data: a\n\nid\ndata: b\n\n");
    assertThat(metas).extracting(Meta::lastEventId).containsExactly("7", "");
  }

  @Test
  void sameIdAgainKeepsInitialString() {
    String initial = new String("7".toCharArray());
    SseParser p = SseParser.metadataOnly(meta, initial);
    feed(p, "id: 7\ndata: a\n\n");
    assertThat(metas.get(0).lastEventId()).isSameAs(initial);
  }

  @Test
  void endDiscardsUnterminatedEvent() {
    SseParser p = new SseParser(capture);
    feed(p, "data: a\nevent: t\n");
    p.end();
    assertThat(events).isEmpty();
  }

  @Test
  void endDiscardsEventSoLaterBytesStartFresh() {
    SseParser p = new SseParser(capture);
    feed(p, "data: a\nevent: t\nid: 9");
    p.end();
    feed(p, "data: b\n\n");
    assertThat(events).containsExactly(message("b"));
  }

  @Test
  void metadataModeReusesTypeAndIdStrings() {
    SseParser p = SseParser.metadataOnly(meta, null);
    feed(p, "event: tick\nid: 1\ndata: a\n\nevent: tick\ndata: b\n\ndata: c\n\ndata: d\n\n");
    assertThat(metas).hasSize(4);
    assertThat(metas.get(1).type()).isSameAs(metas.get(0).type()).isEqualTo("tick");
    assertThat(metas.get(1).lastEventId()).isSameAs(metas.get(0).lastEventId()).isEqualTo("1");
    assertThat(metas.get(3).type()).isSameAs(metas.get(2).type()).isEqualTo("message");
  }

  @Test
  void overLimitEventStillDispatchedWithCounts() {
    SseParser p = SseParser.capturing(capture, 10, null);
    feed(p, "data: 0123456789\n\n");
    feed(p, "data: 0123456789a\n\n");
    feed(p, "data: 01234\ndata: 5678\n\n");
    feed(p, "data: 0123456789\ndata\n\n");
    feed(p, "data: ok\n\n");
    assertThat(events)
        .containsExactly(
            new SseEvent("message", "0123456789", "", 10, 1, false),
            new SseEvent("message", null, "", 11, 1, true),
            new SseEvent("message", "01234\n5678", "", 10, 2, false),
            new SseEvent("message", null, "", 11, 2, true),
            new SseEvent("message", "ok", "", 2, 1, false));
  }

  @Test
  void zeroLimitCapturesOnlyEmptyData() {
    SseParser p = SseParser.capturing(capture, 0, null);
    feed(p, "data\n\ndata: x\n\n");
    assertThat(events)
        .containsExactly(
            new SseEvent("message", "", "", 0, 1, false),
            new SseEvent("message", null, "", 1, 1, true));
  }

  @Test
  void hugeEventInCapturingModeDoesNotBuffer() throws Exception {
    SseParser p = SseParser.capturing(capture, 1024 * 1024, null);
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    feed(p, "data: ");
    for (int i = 0; i < 256; i++) {
      p.feed(chunk, 0, chunk.length);
    }
    assertThat(retainedBytes(p)).isLessThan(2 * 1024 * 1024);
    feed(p, "\n\n");
    assertThat(events).containsExactly(new SseEvent("message", null, "", 16L << 20, 1, true));
  }

  @Test
  void hugeSingleLineInMetadataModeKeepsMemoryConstant() throws Exception {
    SseParser p = SseParser.metadataOnly(meta, null);
    byte[] chunk = new byte[64 * 1024];
    Arrays.fill(chunk, (byte) 'x');
    int before = retainedBytes(p);
    for (String field : new String[] {"data: ", "event: ", "id: ", "retry: ", "foo: ", ": "}) {
      feed(p, field);
      for (int i = 0; i < 1600; i++) { // 100 MiB in total
        p.feed(chunk, 0, chunk.length);
      }
      assertThat(retainedBytes(p)).as(field).isLessThanOrEqualTo(before + 4 * 1024);
      feed(p, "\n");
    }
    feed(p, "\n");
    long n = 1600L * chunk.length;
    String prefix = "x".repeat(SseParser.METADATA_VALUE_LIMIT) + "\u2026";
    assertThat(metas).containsExactly(new Meta(prefix, prefix, n, 1));
    assertThat(comments).containsExactly(n + 1); // the space after the colon is comment text
  }

  @Test
  void longTypeAndIdTruncatedInMetadataModeButExactInCapturingMode() {
    String longValue = "\u00e9".repeat(1000); // 2000 bytes
    String input = "event: " + longValue + "\nid: " + longValue + "\ndata\n\n";
    SseParser m = SseParser.metadataOnly(meta, null);
    SseParser c = new SseParser(capture);
    feed(m, input);
    feed(c, input);
    String prefix = "\u00e9".repeat(512) + "\u2026";
    assertThat(metas).containsExactly(new Meta(prefix, prefix, 0, 1));
    assertThat(events).containsExactly(new SseEvent(longValue, "", longValue, 0, 1, false));
  }

  @Test
  void truncatedIdsCompareByPrefixAndLength() {
    SseParser p = SseParser.metadataOnly(meta, null);
    String a = "a".repeat(2000);
    feed(p, "id: " + a + "\ndata\n\nid: " + a + "\ndata\n\n");
    assertThat(metas.get(1).lastEventId()).isSameAs(metas.get(0).lastEventId());
  }

  static Stream<Arguments> boundaryStates() {
    return Stream.of(
        Arguments.of("nothing fed", "", true),
        Arguments.of("partial BOM", raw(0xEF), false),
        Arguments.of("partial BOM, two bytes", raw(0xEF) + raw(0xBB), false),
        Arguments.of("whole BOM", "\ufeff", true),
        Arguments.of("in a field name", "dat", false),
        Arguments.of("after a colon", "data:", false),
        Arguments.of("in a data value", "data: x", false),
        Arguments.of("data line done", "data: x\n", false),
        Arguments.of("event line done", "event: t\n", false),
        Arguments.of("id line done", "id: 1\n", false),
        Arguments.of("retry line done", "retry: 1\n", false),
        Arguments.of("ignored retry line done", "retry: x\n", false),
        Arguments.of("unknown field done", "foo: 1\n", true),
        Arguments.of("in a comment", ":hb", false),
        Arguments.of("comment done", ":hb\n", true),
        Arguments.of("event dispatched", "data: x\n\n", true),
        Arguments.of("id committed", "id: 1\n\n", true),
        Arguments.of("CR after blank line", "data: x\n\r", false),
        Arguments.of("CRLF after blank line", "data: x\n\r\n", true),
        Arguments.of("CR ends a field", "data: x\r", false),
        Arguments.of("CR ends a comment", ":x\r", false),
        Arguments.of("comment then data line", ":x\ndata: y\n", false),
        Arguments.of("comment inside an event", "data: y\n:x\n", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boundaryStates")
  void atEventBoundaryInEachState(String state, String input, boolean expected) {
    SseParser p = SseParser.metadataOnly(meta, null);
    feed(p, input);
    assertThat(p.atEventBoundary()).isEqualTo(expected);
  }

  @Test
  void atEventBoundaryAfterEnd() {
    SseParser p = new SseParser(capture);
    feed(p, "data: x\r");
    p.end();
    assertThat(p.atEventBoundary()).isTrue();
  }

  @Test
  void atEventBoundaryAfterEndWithPartialBom() {
    SseParser p = new SseParser(capture);
    feed(p, raw(0xEF));
    assertThat(p.atEventBoundary()).isFalse();
    p.end();
    assertThat(p.atEventBoundary()).isTrue();
  }

  @Test
  void retryUnsetIsMinusOne() {
    assertThat(new SseParser(capture).retryMillis()).isEqualTo(-1);
  }

  @Test
  void directByteBufferLeftUnchanged() {
    byte[] in = "data: x\n\n: c\n".repeat(3000).getBytes(StandardCharsets.UTF_8);
    ByteBuffer direct = ByteBuffer.allocateDirect(in.length + 10);
    direct.put(new byte[5]).put(in).flip().position(5);
    SseParser p = new SseParser(capture);
    p.feed(direct);
    assertThat(direct.position()).isEqualTo(5);
    assertThat(direct.limit()).isEqualTo(in.length + 5);
    assertThat(events).hasSize(3000).allMatch(e -> e.data().equals("x"));
    assertThat(comments).hasSize(3000);
  }

  @Test
  void theCopyBufferForDirectBuffersIsSizedToTheReads() {
    SseParser p = SseParser.metadataOnly(meta, null);
    p.feed(ByteBuffer.allocateDirect(0));
    assertThat(p.scratchBytes()).isZero();

    p.feed(direct("data: small\n\n"));
    assertThat(p.scratchBytes()).isEqualTo(256);
    p.feed(direct("data: " + "m".repeat(1000) + "\n\n"));
    assertThat(p.scratchBytes()).isEqualTo(1024);
    p.feed(direct("data: " + "l".repeat(20_000) + "\n\n"));
    assertThat(p.scratchBytes()).isEqualTo(8192);

    assertThat(metas).extracting(Meta::dataBytes).containsExactly(5L, 1000L, 20_000L);
  }

  private static ByteBuffer direct(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocateDirect(b.length).put(b).flip();
  }

  @Test
  void heapByteBufferSliceUsesItsOffset() {
    byte[] backing = Feed.bytes("xxxxxdata: y\n\nzzz");
    ByteBuffer slice = ByteBuffer.wrap(backing, 5, 9).slice();
    ByteBuffer readOnly = ByteBuffer.wrap(backing, 5, 9).asReadOnlyBuffer();
    new SseParser(capture).feed(slice);
    new SseParser(capture).feed(readOnly);
    assertThat(events).containsExactly(message("y"), message("y"));
    assertThat(slice.position()).isZero();
    assertThat(readOnly.position()).isEqualTo(5);
  }

  @Test
  void feedChecksBounds() {
    SseParser p = new SseParser(capture);
    assertThatThrownBy(() -> p.feed(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void negativeLimitRejected() {
    assertThatThrownBy(() -> SseParser.capturing(capture, -1, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Bytes held in the parser's arrays: its memory apart from a fixed number of scalars. */
  private static int retainedBytes(SseParser p) throws IllegalAccessException {
    int total = 0;
    for (Field f : SseParser.class.getDeclaredFields()) {
      if (f.getType() == byte[].class && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        byte[] a = (byte[]) f.get(p);
        total += a == null ? 0 : a.length;
      }
    }
    return total;
  }

  /**
   * A listener that takes no id String and reads the id from its parser's bytes instead, noting for
   * each event the label it picks, the id's version and the bytes it read.
   */
  private static final class ByteIdReader implements SseParser.MetadataListener {
    final List<String> seen = new ArrayList<>();
    private final BinaryOperator<String> label;
    SseParser parser;

    ByteIdReader(BinaryOperator<String> label) {
      this.label = label;
    }

    @Override
    public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
      String fromBytes =
          parser.lastEventIdUtf8((b, off, len) -> new String(b, off, len, StandardCharsets.UTF_8));
      seen.add(
          label.apply(type, lastEventId) + "|" + parser.lastEventIdVersion() + "|" + fromBytes);
    }

    @Override
    public boolean wantsLastEventIdString() {
      return false;
    }
  }
}
