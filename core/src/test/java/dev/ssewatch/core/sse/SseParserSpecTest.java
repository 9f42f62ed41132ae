package dev.ssewatch.core.sse;

import static dev.ssewatch.core.sse.Feed.raw;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.sse.Feed.Meta;
import dev.ssewatch.core.sse.Feed.Run;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of "Interpreting an event stream" as a table. Each case is written with LF line endings
 * and also run with CR and CRLF (unless its line endings are the point of the case); each input is
 * fed whole, split at every position, one byte at a time and in random chunks, through both modes.
 */
class SseParserSpecTest {

  private static final int UNLIMITED = SseParser.DEFAULT_MAX_DATA_BYTES;

  /** One row: input, expected events (capturing mode), comments, final id and retry. */
  record Case(
      String name,
      String input,
      boolean anyLineEnding,
      List<SseEvent> events,
      List<Long> comments,
      String lastEventId,
      long retryMillis) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** A data event whose counts follow from its (valid UTF-8) data. */
  static SseEvent ev(String type, String data, String id) {
    return new SseEvent(
        type,
        data,
        id,
        data.getBytes(StandardCharsets.UTF_8).length,
        (int) data.chars().filter(c -> c == '\n').count() + 1,
        false);
  }

  static SseEvent ev(String data) {
    return ev("message", data, "");
  }

  private static final class Table {
    final List<Case> cases = new ArrayList<>();

    Table add(String name, String input, SseEvent... events) {
      return add(name, input, true, List.of(events), List.of(), lastId(events), -1);
    }

    Table add(
        String name,
        String input,
        boolean anyLineEnding,
        List<SseEvent> events,
        List<Long> comments,
        String lastEventId,
        long retry) {
      cases.add(new Case(name, input, anyLineEnding, events, comments, lastEventId, retry));
      return this;
    }

    private static String lastId(SseEvent[] events) {
      return events.length == 0 ? "" : events[events.length - 1].lastEventId();
    }
  }

  static List<Case> cases() {
    Table t = new Table();
    // Dispatch and the data buffer.
    t.add("single data line", "data: hello\n\n", ev("hello"));
    t.add("data lines joined by LF", "data: a\ndata: b\ndata: c\n\n", ev("a\nb\nc"));
    t.add("final LF removed, inner empty lines kept", "data\ndata\n\n", ev("\n"));
    t.add("data without colon is an empty data line", "data\n\n", ev(""));
    t.add("data with colon and no value", "data:\n\n", ev(""));
    t.add("no space after colon", "data:x\n\n", ev("x"));
    t.add("only one leading space removed", "data:  x\n\n", ev(" x"));
    t.add("trailing spaces kept", "data: x  \n\n", ev("x  "));
    t.add("colons in the value kept", "data: a: b:c\n\n", ev("a: b:c"));
    t.add("two events", "data: 1\n\ndata: 2\n\n", ev("1"), ev("2"));
    t.add("extra blank lines dispatch nothing", "\n\n\ndata: x\n\n\n\n", ev("x"));
    t.add("no blank line: not dispatched", "data: x\n");
    t.add("unterminated last line: not dispatched", "data: x\n\ndata: y", ev("x"));
    t.add("NUL in data kept", "data: a" + raw(0) + "b\n\n", ev("a\0b"));
    t.add(
        "tab, U+2028, U+0085, VT, FF do not end lines",
        "data: a\tb\u2028c\u0085d\u000Be\u000Cf\n\n",
        ev("a\tb\u2028c\u0085d\u000Be\u000Cf"));
    t.add(
        "multi-byte UTF-8",
        "data: h\u00e9llo \ud83d\ude00 \u4e16\n\n",
        ev("h\u00e9llo \ud83d\ude00 \u4e16"));
    t.add(
        "long values with look-alike bytes",
        "data: 0123456789abcdef\u000b\u000c\t"
            + raw(0x8A)
            + raw(0x8D)
            + "\u00e9\u2028xyz0123456789\ndata: "
            + "z".repeat(33)
            + "\n\n",
        new SseEvent(
            "message",
            "0123456789abcdef\u000b\u000c\t\ufffd\ufffd\u00e9\u2028xyz0123456789\n"
                + "z".repeat(33),
            "",
            39 + 1 + 33,
            2,
            false));
    t.add(
        "known field names at the end of a read",
        "data:x\nid:y\nevent:e\nretry:1\n\n",
        true,
        List.of(ev("e", "x", "y")),
        List.of(),
        "y",
        1);
    // Field names.
    t.add("unknown field ignored", "foo: bar\ndata: x\n\n", ev("x"));
    t.add("unknown field alone dispatches nothing", "foo: bar\n\n");
    t.add("field names are case-sensitive", "Data: x\nDATA: y\n\n");
    t.add("space before the colon is part of the name", "data : x\n\n");
    t.add("name longer than any field", "datadata: x\nretryx: 5\neventt: e\n\n");
    t.add("name that is a prefix of a field", "dat: x\nd: y\ni: z\n\n");
    t.add("NUL before a field name", raw(0) + "data: x\n" + raw(0) + "id: 1\n\n");
    // Comments.
    t.add(
        "comment ignored and reported",
        ": hello\ndata: x\n:\n\n",
        true,
        List.of(ev("x")),
        List.of(6L, 0L),
        "",
        -1);
    t.add("comment alone dispatches nothing", ":hb\n\n", true, List.of(), List.of(2L), "", -1);
    t.add(
        "comment length counts bytes",
        ":\u00e9" + raw(0xFF) + "\n",
        true,
        List.of(),
        List.of(3L),
        "",
        -1);
    // event
    t.add("event sets the type", "event: tick\ndata: x\n\n", ev("tick", "x", ""));
    t.add(
        "type resets after dispatch",
        "event: tick\ndata: x\n\ndata: y\n\n",
        ev("tick", "x", ""),
        ev("y"));
    t.add("type resets even when nothing is dispatched", "event: tick\n\ndata: y\n\n", ev("y"));
    t.add("empty event value means message", "event\ndata: x\n\n", ev("x"));
    t.add("last event field wins", "event: a\nevent: b\ndata: x\n\n", ev("b", "x", ""));
    t.add("event type with spaces", "event:  a b\ndata: x\n\n", ev(" a b", "x", ""));
    t.add(
        "type repeats",
        "event: t\ndata: 1\n\nevent: t\ndata: 2\n\nevent: u\ndata: 3\n\n",
        ev("t", "1", ""),
        ev("t", "2", ""),
        ev("u", "3", ""));
    // id
    t.add("id sets the last event ID", "id: 1\ndata: x\n\n", ev("message", "x", "1"));
    t.add(
        "id persists to later events",
        "id: 1\ndata: x\n\ndata: y\n\n",
        ev("message", "x", "1"),
        ev("message", "y", "1"));
    t.add(
        "empty id resets",
        "id: 1\ndata: x\n\nid\ndata: y\n\nid: 2\ndata: z\n\nid:\ndata: w\n\n",
        ev("message", "x", "1"),
        ev("message", "y", ""),
        ev("message", "z", "2"),
        ev("message", "w", ""));
    t.add(
        "id with NUL ignored",
        "id: 1\ndata: x\n\nid: a" + raw(0) + "b\ndata: y\n\n",
        ev("message", "x", "1"),
        ev("message", "y", "1"));
    t.add("id after data in the same event counts", "data: x\nid: 3\n\n", ev("message", "x", "3"));
    t.add("id with leading space kept", "id:  1\ndata: x\n\n", ev("message", "x", " 1"));
    t.add(
        "blank line without data commits the id", "id: 7\n\n", true, List.of(), List.of(), "7", -1);
    t.add(
        "id without blank line is not committed",
        "id: 7\n\nid: 8\n",
        true,
        List.of(),
        List.of(),
        "7",
        -1);
    t.add(
        "id committed by empty event applies to next",
        "id: 7\n\ndata: x\n\n",
        ev("message", "x", "7"));
    // retry
    t.add("retry digits", "retry: 1500\n", true, List.of(), List.of(), "", 1500);
    t.add("retry zero", "retry: 0\n", true, List.of(), List.of(), "", 0);
    t.add(
        "retry non-digits ignored",
        "retry: 1500\nretry: 15a\n",
        true,
        List.of(),
        List.of(),
        "",
        1500);
    t.add("retry empty ignored", "retry\nretry:\n", true, List.of(), List.of(), "", -1);
    t.add("retry with sign ignored", "retry: -5\nretry: +5\n", true, List.of(), List.of(), "", -1);
    t.add(
        "retry with spaces ignored", "retry:  5\nretry: 5 \n", true, List.of(), List.of(), "", -1);
    t.add("retry last valid wins", "retry: 5\nretry: 7\n", true, List.of(), List.of(), "", 7);
    t.add(
        "retry huge saturates",
        "retry: 99999999999999999999999\n",
        true,
        List.of(),
        List.of(),
        "",
        Long.MAX_VALUE);
    t.add(
        "retry does not disturb data",
        "data: x\nretry: 10\n\n",
        true,
        List.of(ev("x")),
        List.of(),
        "",
        10);
    // BOM and UTF-8 decoding.
    t.add("leading BOM stripped", "\ufeffdata: x\n\n", ev("x"));
    t.add("second BOM is not stripped", "\ufeff\ufeffdata: x\n\n");
    t.add("BOM not at start is data", "data: \ufeffx\n\n", ev("\ufeffx"));
    t.add("BOM on a later line is part of the name", "data: x\n\n\ufeffdata: y\n\n", ev("x"));
    t.add(
        "partial BOM is invalid UTF-8",
        raw(0xEF) + raw(0xBB) + "data: x\n\n",
        true,
        List.of(),
        List.of(),
        "",
        -1);
    t.add("partial BOM then comment", raw(0xEF) + "\n:x\n", true, List.of(), List.of(1L), "", -1);
    t.add(
        "invalid bytes become U+FFFD",
        "data: a" + raw(0xFF) + raw(0xFE) + "b\n\n",
        new SseEvent("message", "a\ufffd\ufffdb", "", 4, 1, false));
    t.add(
        "truncated sequence before line end",
        "data: " + raw(0xE2) + raw(0x82) + "\ndata: " + raw(0xF0) + raw(0x9F) + raw(0x98) + "\n\n",
        new SseEvent("message", "\ufffd\n\ufffd", "", 6, 2, false));
    t.add(
        "encoded surrogate is three U+FFFD",
        "data: " + raw(0xED) + raw(0xA0) + raw(0x80) + "\n\n",
        new SseEvent("message", "\ufffd\ufffd\ufffd", "", 3, 1, false));
    t.add(
        "invalid bytes in event type and id",
        "event: " + raw(0xC0) + "\nid: " + raw(0x80) + "\ndata\n\n",
        ev("\ufffd", "", "\ufffd"));
    return t.cases;
  }

  static Stream<Arguments> casesAndLineEndings() {
    List<Arguments> all = new ArrayList<>();
    for (Case c : cases()) {
      if (c.anyLineEnding()) {
        all.add(Arguments.of(c, "LF", "\n"));
        all.add(Arguments.of(c, "CR", "\r"));
        all.add(Arguments.of(c, "CRLF", "\r\n"));
      } else {
        all.add(Arguments.of(c, "as written", "\n"));
      }
    }
    return all.stream();
  }

  static Stream<Arguments> lineEndingCases() {
    return Stream.of(
        Arguments.of("mixed endings", "data: a\r\ndata: b\rdata: c\n\r\n", List.of(ev("a\nb\nc"))),
        Arguments.of("CR then CRLF", "data: x\r\r\n", List.of(ev("x"))),
        Arguments.of("CRLF pair then LF", "data: x\n\r\n\n", List.of(ev("x"))),
        Arguments.of("LF CR is two endings", "data: x\n\rdata: y\n\n", List.of(ev("x"), ev("y"))),
        Arguments.of("CR CR is two endings", "data: x\r\rdata: y\r\r", List.of(ev("x"), ev("y"))),
        Arguments.of("CRLF CRLF", "data: x\r\n\r\n", List.of(ev("x"))),
        Arguments.of(
            "CRLFLF is two endings", "data: x\r\n\ndata: y\r\n\n", List.of(ev("x"), ev("y"))),
        Arguments.of("LF LF CR", "data: x\n\n\r", List.of(ev("x"))),
        Arguments.of("CR at start of stream", "\r\ndata: x\r\n\r\n", List.of(ev("x"))),
        Arguments.of("BOM then CRLF", "\ufeff\r\ndata: x\r\r", List.of(ev("x"))));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("casesAndLineEndings")
  void everyChunkingGivesTheSpecResult(Case c, String ending, String eol) {
    byte[] in = Feed.bytes(c.input().replace("\n", eol));
    for (int[] cuts : Feed.chunkings(in.length, c.name().hashCode())) {
      Run<SseEvent> run = Feed.capturing(in, cuts, UNLIMITED, null);
      assertThat(run)
          .as("cuts %s", Arrays.toString(cuts))
          .isEqualTo(new Run<>(c.events(), c.comments(), c.lastEventId(), c.retryMillis()));
    }
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("casesAndLineEndings")
  void metadataModeAgreesWithCapturingMode(Case c, String ending, String eol) {
    byte[] in = Feed.bytes(c.input().replace("\n", eol));
    Run<Meta> expected = Feed.project(Feed.capturing(in, new int[0], UNLIMITED, null));
    for (int[] cuts : Feed.chunkings(in.length, c.name().hashCode())) {
      assertThat(Feed.metadata(in, cuts, null))
          .as("cuts %s", Arrays.toString(cuts))
          .isEqualTo(expected);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lineEndingCases")
  void lineEndingsAsWritten(String name, String input, List<SseEvent> events) {
    byte[] in = Feed.bytes(input);
    for (int[] cuts : Feed.chunkings(in.length, name.hashCode())) {
      assertThat(Feed.capturing(in, cuts, UNLIMITED, null).events())
          .as("cuts %s", Arrays.toString(cuts))
          .isEqualTo(events);
      assertThat(Feed.metadata(in, cuts, null).events())
          .as("cuts %s", Arrays.toString(cuts))
          .isEqualTo(events.stream().map(Meta::of).toList());
    }
  }

  /**
   * The definition of {@code atEventBoundary()} in action: wherever it says yes, inserting a
   * comment changes nothing but the comments reported.
   */
  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("casesAndLineEndings")
  void commentInsertedAtEventBoundaryChangesNoEvent(Case c, String ending, String eol) {
    byte[] in = Feed.bytes(c.input().replace("\n", eol));
    Run<SseEvent> expected = Feed.capturing(in, new int[0], UNLIMITED, null);
    byte[] heartbeat = Feed.bytes(":hb\n");
    for (int k = 0; k <= in.length; k++) {
      SseParser probe = SseParser.metadataOnly((type, id, bytes, lines) -> {}, null);
      probe.feed(in, 0, k);
      if (k == 0 || !probe.atEventBoundary()) {
        continue; // at k == 0 an upstream BOM would follow the comment
      }
      byte[] withComment = new byte[in.length + heartbeat.length];
      System.arraycopy(in, 0, withComment, 0, k);
      System.arraycopy(heartbeat, 0, withComment, k, heartbeat.length);
      System.arraycopy(in, k, withComment, k + heartbeat.length, in.length - k);
      Run<SseEvent> run = Feed.capturing(withComment, new int[0], UNLIMITED, null);
      assertThat(run.events()).as("comment at %d", k).isEqualTo(expected.events());
      assertThat(run.lastEventId()).isEqualTo(expected.lastEventId());
      assertThat(run.retryMillis()).isEqualTo(expected.retryMillis());
    }
  }
}
