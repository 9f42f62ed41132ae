package dev.ssewatch.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.sse.SseParser;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.ManualTimeSource;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the recorder makes of parsed events: records, sampling, ids, wire delays, bursts. */
class StreamRecorderEventsTest {

  private static final long MS = 1_000_000L;

  private final Fixture f = new Fixture();

  @Test
  void aScriptedStreamProducesItsEventRecords() {
    StreamRecorder r = f.sse(Duration.ofMillis(20));
    f.advance(Duration.ofMillis(100));
    f.bytes(r, "event: token\nid: 1\ndata: hello\n\n");
    f.advance(Duration.ofMillis(400));
    f.bytes(r, ": keep-alive\n\ndata: two\ndata: lines\n\ndata: third");
    f.advance(Duration.ofMillis(300));
    f.bytes(r, "\n\n");
    f.advance(Duration.ofMillis(50));

    r.onEnd(CloseReason.COMPLETED, f.now());

    List<EventRecord> events = f.sink.ofType(EventRecord.class);
    String hashedOne = Redactor.defaults().eventId("1");
    assertThat(events)
        .extracting(
            EventRecord::seq,
            EventRecord::type,
            EventRecord::id,
            EventRecord::dataBytes,
            EventRecord::dataLines,
            EventRecord::gapSincePreviousEventNanos,
            EventRecord::gapSincePreviousByteNanos,
            EventRecord::writeToWireNanos)
        .containsExactly(
            tuple(1L, "token", hashedOne, 5L, 1, -1L, 100 * MS, -1L),
            tuple(2L, "message", hashedOne, 9L, 2, 400 * MS, 400 * MS, -1L),
            tuple(3L, "message", hashedOne, 5L, 1, 300 * MS, 300 * MS, -1L));
    long start = ManualTimeSource.DEFAULT_START_EPOCH_MILLIS;
    assertThat(events)
        .extracting(EventRecord::timestampMillis)
        .containsExactly(start + 120, start + 520, start + 820);
    assertThat(events).allSatisfy(e -> assertThat(e.streamId()).isEqualTo(r.streamId()));

    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.events()).isEqualTo(3);
    assertThat(end.comments()).isEqualTo(1);
    assertThat(end.timeToFirstEventNanos()).isEqualTo(120 * MS);
    assertThat(end.durationNanos()).isEqualTo(870 * MS);
    assertThat(end.largestGapNanos()).isEqualTo(400 * MS);
    assertThat(f.sink.recordTypes())
        .containsExactly("stream_start", "event", "event", "event", "stream_end");
    assertThat(f.sink.alerts()).isEmpty();
  }

  @Test
  void laterEventsOfTheSameChunkFollowWithoutAWireGap() {
    StreamRecorder r = f.sse();
    f.advance(Duration.ofSeconds(2));

    f.bytes(r, "data: a\n\ndata: b\n\n");

    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::gapSincePreviousByteNanos, EventRecord::gapSincePreviousEventNanos)
        .containsExactly(tuple(2_000 * MS, -1L), tuple(0L, 0L));
  }

  @Test
  void byteBuffersAreParsedWithoutMovingThem() {
    StreamRecorder r = f.sse();
    ByteBuffer buf = ByteBuffer.wrap("xxdata: a\n\nyy".getBytes(StandardCharsets.UTF_8));
    buf.position(2).limit(11);

    r.onBytes(buf, f.now());

    assertThat(buf.position()).isEqualTo(2);
    assertThat(buf.limit()).isEqualTo(11);
    assertThat(f.sink.single(EventRecord.class).dataBytes()).isEqualTo(1);
    assertThat(r.snapshot(f.now()).bytes()).isEqualTo(9);
  }

  @Test
  void theRequestsLastEventIdSeedsTheParser() {
    StreamRecorder r =
        f.recorders.begin(
            "GET",
            "/events",
            null,
            List.of(new Header("Accept", "text/event-stream"), new Header("Last-Event-ID", "41")),
            f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());

    f.bytes(r, "data: resumed\n\n");

    assertThat(f.sink.single(EventRecord.class).id())
        .isEqualTo(Redactor.defaults().eventId("41"))
        .isNotEqualTo("41");
    // recorded like any event id, or hashing ids in event records would be pointless
    assertThat(f.sink.single(StreamStart.class).requestHeaders())
        .contains(new Header("Last-Event-ID", Redactor.defaults().eventId("41")));
  }

  @Test
  void theLastEventIdHeaderFollowsTheEventIdMode() {
    List<Header> request = List.of(new Header("Last-Event-ID", "41"));
    Fixture raw = new Fixture(Map.of("ssewatch.event-id", "raw"));
    raw.recorders
        .begin("GET", "/e", null, request, raw.now())
        .onResponseHeaders(204, List.of(), raw.now());
    Fixture drop = new Fixture(Map.of("ssewatch.event-id", "drop"));
    drop.recorders
        .begin("GET", "/e", null, request, drop.now())
        .onResponseHeaders(204, List.of(), drop.now());

    assertThat(raw.sink.single(StreamStart.class).requestHeaders())
        .containsExactly(new Header("Last-Event-ID", "41"));
    assertThat(drop.sink.single(StreamStart.class).requestHeaders())
        .containsExactly(new Header("Last-Event-ID", Redactor.MARKER));
  }

  @Test
  void eventIdsAreHashedByDefaultAndConfigurable() {
    String script = "id: order-7\ndata: a\n\nid\ndata: b\n\n";

    StreamRecorder hashed = f.sse();
    f.bytes(hashed, script);
    Fixture rawFixture = new Fixture(Map.of("ssewatch.event-id", "raw"));
    StreamRecorder raw = rawFixture.sse();
    rawFixture.bytes(raw, script);
    Fixture dropFixture = new Fixture(Map.of("ssewatch.event-id", "drop"));
    StreamRecorder dropped = dropFixture.sse();
    dropFixture.bytes(dropped, script);

    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::id)
        .containsExactly(Redactor.defaults().eventId("order-7"), null);
    assertThat(f.sink.ofType(EventRecord.class).get(0).id()).matches("[0-9a-f]{16}");
    assertThat(rawFixture.sink.ofType(EventRecord.class))
        .extracting(EventRecord::id)
        .containsExactly("order-7", null);
    assertThat(dropFixture.sink.ofType(EventRecord.class))
        .extracting(EventRecord::id)
        .containsExactly(null, null);
  }

  @Test
  void idsOfEveryShapeAreRedactedAsTheParserDecodesThem() {
    String longId = "L".repeat(SseParser.METADATA_VALUE_LIMIT + 5);
    byte[] invalid = {'i', 'd', ':', ' ', 'a', (byte) 0xff, 'b', '\n'};
    List<byte[]> chunks =
        List.of(
            utf8("id: 1\ndata: a\n\n"),
            utf8("data: same id\n\n"),
            utf8("id: \u00e9t\u00e9-\ud83d\ude00\ndata: a\n\n"),
            invalid,
            utf8("data: a\n\n"),
            utf8("id: " + longId + "\ndata: a\n\n"),
            utf8("id: 1\ndata: back to one\n\n"),
            utf8("id\ndata: cleared\n\n"));
    List<String> decoded =
        List.of(
            "1",
            "1",
            "\u00e9t\u00e9-\ud83d\ude00",
            "a\ufffdb",
            longId.substring(0, SseParser.METADATA_VALUE_LIMIT) + "\u2026",
            "1",
            "");
    for (String mode : List.of("hash", "raw")) {
      Fixture fx = new Fixture(Map.of("ssewatch.event-id", mode));
      StreamRecorder r = fx.sse();
      for (byte[] c : chunks) {
        r.onBytes(c, 0, c.length, fx.now());
      }
      Redactor redactor = Redactor.from(Settings.of(Map.of("ssewatch.event-id", mode)));
      assertThat(fx.sink.ofType(EventRecord.class))
          .as(mode)
          .extracting(EventRecord::id)
          .containsExactlyElementsOf(decoded.stream().map(redactor::eventId).toList());
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void secretsAndEventDataNeverReachAnyRecord() {
    Fixture f =
        new Fixture(Map.of("ssewatch.progress.interval", "1s", "ssewatch.idle.budget", "2s"));
    StreamRecorder r =
        f.recorders.begin(
            "GET",
            "https://user:s3cr3t-pw@api.example/events?room=1&token=s3cr3t-query",
            null,
            List.of(
                new Header("Accept", "text/event-stream"),
                new Header("Authorization", "Bearer s3cr3t-bearer"),
                new Header("Cookie", "session=s3cr3t-cookie"),
                new Header("Last-Event-ID", "s3cr3t-resume")),
            f.now(),
            true);
    r.onResponseHeaders(
        200,
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Set-Cookie", "s3cr3t-set-cookie"),
            new Header("Location", "/next?sig=s3cr3t-sig")),
        f.now());
    f.advance(Duration.ofSeconds(5));
    f.bytes(r, "event: s3cr3t-type-is-metadata\nid: s3cr3t-id\ndata: s3cr3t-data\n\n");
    f.bytes(r, ": s3cr3t-comment\n\ndata: {\"password\":\"s3cr3t-json\"}\n\n");
    f.recorders.tick();
    r.onWireWrite(f.now());
    f.advance(Duration.ofSeconds(5));
    r.onEnd(CloseReason.UPSTREAM_ABORT, f.now());

    List<TelemetryRecord> all = f.sink.all();
    assertThat(all).extracting(TelemetryRecord::recordType).contains("event", "progress", "alert");
    for (TelemetryRecord rec : all) {
      String text = rec.toString().replace("s3cr3t-type-is-metadata", "");
      assertThat(text).as(rec.recordType()).doesNotContain("s3cr3t");
    }
    assertThat(f.sink.all().get(0).toString()).contains(Redactor.MARKER);
  }

  // ---- sampling ----

  @Test
  void samplingNoneKeepsCountsComplete() {
    Fixture f =
        new Fixture(Map.of("ssewatch.events.sample", "none", "ssewatch.progress.interval", "1s"));
    StreamRecorder r = f.sse();
    for (int i = 0; i < 10; i++) {
      f.bytes(r, "data: x\n\n");
    }
    f.advance(Duration.ofSeconds(1));
    f.recorders.tick();
    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.ofType(EventRecord.class)).isEmpty();
    assertThat(f.sink.single(Progress.class).events()).isEqualTo(10);
    assertThat(f.sink.single(StreamEnd.class).events()).isEqualTo(10);
    assertThat(r.snapshot(f.now()).events()).isEqualTo(10);
  }

  @Test
  void samplingOneInNKeepsTheFirstOfEveryN() {
    Fixture f = new Fixture(Map.of("ssewatch.events.sample", "4"));
    StreamRecorder r = f.sse();
    for (int i = 0; i < 10; i++) {
      f.advance(Duration.ofMillis(10));
      f.bytes(r, "data: x\n\n");
    }
    r.onEnd(CloseReason.COMPLETED, f.now());

    List<EventRecord> events = f.sink.ofType(EventRecord.class);
    assertThat(events).extracting(EventRecord::seq).containsExactly(1L, 5L, 9L);
    // gaps stay those between consecutive events, sampled out or not
    assertThat(events)
        .extracting(EventRecord::gapSincePreviousEventNanos)
        .containsExactly(-1L, 10 * MS, 10 * MS);
    assertThat(f.sink.single(StreamEnd.class).events()).isEqualTo(10);
  }

  @Test
  void samplingAllKeepsEveryEvent() {
    StreamRecorder r = f.sse();
    for (int i = 0; i < 10; i++) {
      f.bytes(r, "data: x\n\n");
    }

    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
  }

  // ---- write to wire ----

  @Test
  void untrackedStreamsEmitEventsAtOnceWithUnknownWireDelay() {
    StreamRecorder r = f.sse();
    f.bytes(r, "data: x\n\n");

    assertThat(f.sink.single(EventRecord.class).writeToWireNanos()).isEqualTo(-1);
    f.advance(Duration.ofSeconds(5));
    r.onWireWrite(f.now());
    assertThat(f.sink.alerts()).isEmpty();
    assertThat(r.tracksWire()).isFalse();
  }

  @Test
  void heldEventsKeepTheirOrderAndTimesWhenTheRingWrapsAndGrows() {
    StreamRecorder r = trackedSse(f);
    // One event in and out moves the ring's head off slot 0, so the growth below must unroll a
    // wrapped ring.
    f.bytes(r, "data: a\n\n");
    r.onWireWrite(f.now());
    f.bytes(r, "data: b\n\ndata: c\n\n");
    f.advance(Duration.ofMillis(1));
    int burst = PendingEvents.INITIAL * 4 + 1;
    f.bytes(r, "data: d\n\n".repeat(burst));
    f.advance(Duration.ofMillis(2));

    assertThat(r.pendingEvents()).isEqualTo(2 + burst);
    r.onWireWrite(f.now());

    List<EventRecord> events = f.sink.ofType(EventRecord.class);
    assertThat(events)
        .extracting(EventRecord::seq)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, 3 + burst).boxed().toList());
    assertThat(events.subList(1, 3))
        .allSatisfy(e -> assertThat(e.writeToWireNanos()).isEqualTo(3 * MS));
    assertThat(events.subList(3, events.size()))
        .allSatisfy(e -> assertThat(e.writeToWireNanos()).isEqualTo(2 * MS));
    assertThat(r.pendingEvents()).isZero();
  }

  @Test
  void anIdleStreamGivesItsRingBackAndTakesANewOneForItsNextEvent() {
    StreamRecorder r = trackedSse(f);
    assertThat(r.pendingCapacity()).isZero();
    f.bytes(r, "data: a\n\n");
    assertThat(r.pendingCapacity()).isPositive();
    r.onWireWrite(f.now());

    // Bytes too recent: kept.
    f.advance(Duration.ofMillis(500));
    f.recorders.tick();
    assertThat(r.pendingCapacity()).isPositive();

    // Quiet for a second with nothing held: released.
    f.advance(Duration.ofMillis(500));
    f.recorders.tick();
    assertThat(r.pendingCapacity()).isZero();

    f.bytes(r, "data: b\n\n");
    f.advance(Duration.ofMillis(2));
    r.onWireWrite(f.now());
    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::seq, EventRecord::writeToWireNanos)
        .containsExactly(tuple(1L, 0L), tuple(2L, 2 * MS));
  }

  @Test
  void aStreamIdleAfterItsHeadersHasNoParserUntilItsFirstBytes() {
    StreamRecorder r =
        f.recorders.begin(
            "GET", "/events", null, List.of(new Header("Last-Event-ID", "41")), f.now());
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    assertThat(r.hasParser()).isFalse();
    assertThat(r.atEventBoundary()).isTrue();

    f.bytes(r, "data: a\n\n");

    assertThat(r.hasParser()).isTrue();
    // The parser made late still starts from the request's Last-Event-ID.
    assertThat(f.sink.single(EventRecord.class).id()).isEqualTo(Redactor.defaults().eventId("41"));
  }

  @Test
  void aQuietStreamAtAnEventBoundaryGivesItsParserUpAndGoesOnAsBefore() {
    String first = "id: 7\nevent: tick\ndata: a\n\n";
    String then = "retry: 5\n\ndata: b\n\nid: 8\ndata: c\n\n";
    StreamRecorder r = trackedSse(f);
    f.bytes(r, first);
    r.onWireWrite(f.now());
    f.advance(Duration.ofMillis(1_000));
    f.recorders.tick();
    assertThat(r.hasParser()).isFalse();
    assertThat(r.pendingCapacity()).isZero();
    assertThat(r.atEventBoundary()).isTrue();
    f.bytes(r, then);
    r.onWireWrite(f.now());

    // The same bytes without the quiet spell's release: the same events, ids and types.
    Fixture g = new Fixture();
    StreamRecorder s = trackedSse(g);
    g.bytes(s, first);
    g.bytes(s, then);
    s.onWireWrite(g.now());
    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::seq, EventRecord::type, EventRecord::id)
        .containsExactlyElementsOf(
            g.sink.ofType(EventRecord.class).stream()
                .map(e -> tuple(e.seq(), e.type(), e.id()))
                .toList())
        .containsExactly(
            tuple(1L, "tick", Redactor.defaults().eventId("7")),
            tuple(2L, "message", Redactor.defaults().eventId("7")),
            tuple(3L, "message", Redactor.defaults().eventId("8")));
    assertThat(r.internalErrors()).isZero();
  }

  @Test
  void aStreamQuietInTheMiddleOfAnEventKeepsItsParser() {
    StreamRecorder r = f.sse();
    f.bytes(r, "event: tick\ndata: a\n");
    f.advance(Duration.ofSeconds(2));
    f.recorders.tick();
    assertThat(r.hasParser()).isTrue();

    f.bytes(r, "\n");
    assertThat(f.sink.single(EventRecord.class).type()).isEqualTo("tick");
  }

  @Test
  void requestHeadersAreLetGoOnceTheStreamStartRecordHasThem() {
    StreamRecorder r = f.begin();
    assertThat(r.holdsRequestHeaders()).isTrue();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());

    assertThat(r.holdsRequestHeaders()).isFalse();
    assertThat(f.sink.single(StreamStart.class).requestHeaders())
        .containsExactlyElementsOf(Fixture.SSE_REQUEST);

    StreamRecorder ended = f.begin();
    ended.onEnd(CloseReason.CLIENT_ABORT, f.now());
    assertThat(ended.holdsRequestHeaders()).isFalse();
  }

  @Test
  void theRequestsLastEventIdIsKeptOnlyUntilAParserStartsFromIt() {
    List<Header> request = List.of(new Header("Last-Event-ID", "41"));
    StreamRecorder sse = f.recorders.begin("GET", "/events", null, request, f.now());
    sse.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    assertThat(sse.holdsInitialLastEventId()).isTrue();
    f.bytes(sse, ": hi\n");
    assertThat(sse.holdsInitialLastEventId()).isFalse();

    // No event stream, no parser: nothing will start from it.
    StreamRecorder json = f.recorders.begin("GET", "/data", null, request, f.now());
    json.onResponseHeaders(200, Fixture.JSON_RESPONSE, f.now());
    assertThat(json.holdsInitialLastEventId()).isFalse();
  }

  @Test
  void aStreamStillHoldingEventsKeepsItsRingHoweverQuiet() {
    // A write delay longer than the wait, so the tick does not give the event up either.
    Fixture f = new Fixture(Map.of("ssewatch.buffering.write-delay", "1h"));
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\n");
    f.advance(Duration.ofMillis(900));
    f.recorders.tick();
    f.advance(Duration.ofMillis(200));
    f.recorders.tick();

    assertThat(r.pendingEvents()).isEqualTo(1);
    assertThat(r.pendingCapacity()).isPositive();
    r.onWireWrite(f.now());
    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::writeToWireNanos)
        .containsExactly(1_100 * MS);
  }

  @Test
  void trackedStreamsHoldEventsUntilTheyReachTheWire() {
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\n");
    f.advance(Duration.ofMillis(2));
    f.bytes(r, "data: b\n\ndata: c");
    f.advance(Duration.ofMillis(3));

    assertThat(f.sink.ofType(EventRecord.class)).isEmpty();
    assertThat(r.pendingEvents()).isEqualTo(2);
    r.onWireWrite(f.now());
    f.advance(Duration.ofMillis(1));
    f.bytes(r, "\n\n");
    f.advance(Duration.ofMillis(7));
    r.onWireWrite(f.now());

    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::seq, EventRecord::writeToWireNanos)
        .containsExactly(tuple(1L, 5 * MS), tuple(2L, 3 * MS), tuple(3L, 7 * MS));
    assertThat(f.sink.alerts()).isEmpty();
    assertThat(r.pendingEvents()).isZero();
  }

  @Test
  void bytesThatWaitTooLongForTheWireRaiseWriteDelayOnce() {
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\n");
    f.advance(Duration.ofMillis(100));
    f.bytes(r, "data: b\n\n");
    f.advance(Duration.ofMillis(200));
    r.onWireWrite(f.now());
    f.bytes(r, "data: c\n\n");
    f.advance(Duration.ofMillis(900));
    r.onWireWrite(f.now());

    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::writeToWireNanos)
        .containsExactly(300 * MS, 200 * MS, 900 * MS);
    List<Alert> alerts = f.sink.alerts();
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.kind()).isEqualTo(AlertKind.BUFFERING);
    assertThat(a.rule()).isEqualTo("write_delay");
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.evidence()).contains("300ms", "250ms");
  }

  @Test
  void aTickReportsBytesStuckBeforeTheWireAndReleasesTheirEvents() {
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\n");
    f.advance(Duration.ofMillis(200));
    f.recorders.tick();
    assertThat(f.sink.ofType(EventRecord.class)).isEmpty();
    assertThat(f.sink.alerts()).isEmpty();

    f.bytes(r, "data: b\n\n");
    f.advance(Duration.ofMillis(100));
    f.recorders.tick();

    assertThat(f.sink.alertRules()).containsExactly("write_delay");
    assertThat(f.sink.alerts().get(0).evidence()).contains("have not reached the socket");
    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::seq, EventRecord::writeToWireNanos)
        .containsExactly(tuple(1L, -1L));
    assertThat(r.pendingEvents()).isEqualTo(1);
  }

  @Test
  void aTickLeavesHeldEventsToAWireWriteUnderWay() {
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\n");
    r.onWireWriteBegun();
    f.advance(Duration.ofMillis(400));
    f.recorders.tick();

    // The bytes are late (the alert says so), but the flush carrying them will tell when they left.
    assertThat(f.sink.alertRules()).containsExactly("write_delay");
    assertThat(f.sink.ofType(EventRecord.class)).isEmpty();
    f.advance(Duration.ofMillis(100));
    r.onWireWrite(f.now());
    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::seq, EventRecord::writeToWireNanos)
        .containsExactly(tuple(1L, 500 * MS));
    assertThat(f.recorders.wireUnknownEvents()).isZero();
  }

  @Test
  void aWireWriteThatReturnedShortLetsTheTickReleaseHeldEventsAgain() {
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\n");
    r.onWireWriteBegun();
    r.onWireWriteReturned();
    f.advance(Duration.ofMillis(400));
    f.recorders.tick();

    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::seq, EventRecord::writeToWireNanos)
        .containsExactly(tuple(1L, -1L));
  }

  @Test
  void aWireWriteIsAwaitedFromTheBytesUntilItCame() {
    StreamRecorder r = trackedSse(f);
    assertThat(r.awaitsWireWrite()).as("no bytes yet").isFalse();

    f.bytes(r, "id: 1\ndata:");
    assertThat(r.awaitsWireWrite()).as("part of an event").isTrue();
    r.onWireWrite(f.now());
    assertThat(r.awaitsWireWrite()).as("written").isFalse();

    f.bytes(r, " a\n\n");
    f.advance(Duration.ofMillis(400));
    f.recorders.tick();
    // The tick released the held event, its delay unknown; the bytes still wait for the wire.
    assertThat(f.sink.ofType(EventRecord.class)).hasSize(1);
    assertThat(r.awaitsWireWrite()).as("released by the tick, not written").isTrue();
    r.onWireWrite(f.now());
    assertThat(r.awaitsWireWrite()).isFalse();
  }

  @Test
  void beginningAWireWriteTakesNoLock() throws Exception {
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\n");
    Field field = StreamRecorder.class.getDeclaredField("callbacks");
    field.setAccessible(true);
    Object lock = field.get(r);
    CompletableFuture<Void> begun;
    synchronized (lock) {
      begun = CompletableFuture.runAsync(r::onWireWriteBegun);
      // Would wait for this lock forever if it took it.
      begun.get(30, TimeUnit.SECONDS);
    }
    f.advance(Duration.ofMillis(400));
    f.recorders.tick();
    assertThat(f.sink.ofType(EventRecord.class)).as("left to the write under way").isEmpty();
  }

  @Test
  void theEndReleasesHeldEventsWithUnknownWireDelay() {
    StreamRecorder r = trackedSse(f);
    f.bytes(r, "data: a\n\ndata: b\n\n");

    r.onEnd(CloseReason.CLIENT_ABORT, f.now());

    assertThat(f.sink.recordTypes())
        .containsExactly("stream_start", "event", "event", "stream_end");
    assertThat(f.sink.ofType(EventRecord.class))
        .extracting(EventRecord::writeToWireNanos)
        .containsExactly(-1L, -1L);
    assertThat(f.recorders.wireUnknownEvents()).isEqualTo(2);
  }

  @Test
  void aFullHoldReleasesTheOldestEventsInOrder() {
    StreamRecorder r = trackedSse(f);
    int total = PendingEvents.MAX + 10;
    for (int i = 0; i < total; i++) {
      f.bytes(r, "data: x\n\n");
    }
    f.advance(Duration.ofMillis(1));
    r.onWireWrite(f.now());

    List<EventRecord> events = f.sink.ofType(EventRecord.class);
    assertThat(events).hasSize(total);
    List<Long> seqs = new ArrayList<>();
    for (EventRecord e : events) {
      seqs.add(e.seq());
    }
    assertThat(seqs).isSorted().doesNotHaveDuplicates();
    assertThat(events.subList(0, 10))
        .allSatisfy(e -> assertThat(e.writeToWireNanos()).isEqualTo(-1));
    assertThat(events.subList(10, total))
        .allSatisfy(e -> assertThat(e.writeToWireNanos()).isEqualTo(MS));
    assertThat(f.recorders.wireUnknownEvents()).isEqualTo(10);
  }

  // ---- timing risks ----

  @Test
  void manyEventsInOneChunkAfterASilenceAreABurst() {
    StreamRecorder r = f.sse();
    f.advance(Duration.ofSeconds(2));

    f.bytes(r, "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\ndata: 6\n\n");
    f.advance(Duration.ofSeconds(2));
    f.bytes(r, "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\ndata: 6\n\n");

    assertThat(f.sink.alertRules()).containsExactly("burst");
    assertThat(f.sink.alerts().get(0).evidence()).contains("6 events", "2.0s");
  }

  @Test
  void steadyEventsOrSmallBatchesAreNoBurst() {
    StreamRecorder r = f.sse();
    f.advance(Duration.ofMillis(500));
    f.bytes(r, "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\ndata: 6\n\n");
    f.advance(Duration.ofSeconds(10));
    f.bytes(r, "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\n");

    assertThat(f.sink.alerts()).isEmpty();
  }

  @Test
  void aProxyHeartbeatDoesNotHideAnUpstreamSilenceBeforeABurst() {
    StreamRecorder r = f.sse();
    f.advance(Duration.ofMillis(900));
    r.onHeartbeat(f.now());
    f.advance(Duration.ofMillis(300));

    f.bytes(r, "data: 1\n\ndata: 2\n\ndata: 3\n\ndata: 4\n\ndata: 5\n\n");

    assertThat(f.sink.alertRules()).containsExactly("burst");
  }

  @Test
  void allEventsArrivingWithTheEndIsCritical() {
    StreamRecorder r = f.sse();
    f.advance(Duration.ofSeconds(8));
    f.bytes(r, "data: 1\n\ndata: 2\n\n");
    f.advance(Duration.ofMillis(20));
    f.bytes(r, "data: 3\n\n");
    f.advance(Duration.ofMillis(10));

    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.alertRules()).containsExactly("first_event_at_end");
    Alert a = f.sink.alerts().get(0);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.evidence()).contains("all 3 events", "30ms");
    assertThat(f.sink.recordTypes()).endsWith("alert", "stream_end");
  }

  @Test
  void aLiveStreamIsNotFlaggedAtItsEnd() {
    StreamRecorder r = f.sse();
    for (int i = 0; i < 5; i++) {
      f.advance(Duration.ofSeconds(1));
      f.bytes(r, "data: x\n\n");
    }
    f.advance(Duration.ofMillis(10));

    r.onEnd(CloseReason.COMPLETED, f.now());

    assertThat(f.sink.alerts()).isEmpty();
  }

  @Test
  void aServerThatSendsCommentsNeverRaisesNoHeartbeats() {
    Fixture f = new Fixture(Map.of("ssewatch.idle.budget", "1h"));
    StreamRecorder r = f.sse();
    f.bytes(r, ": hello\n\n");
    for (int i = 0; i < 300; i++) {
      f.advance(Duration.ofSeconds(1));
      f.recorders.tick();
    }

    assertThat(f.sink.alerts()).isEmpty();
    assertThat(r.snapshot(f.now()).comments()).isEqualTo(1);
  }

  // ---- parser delegation and chunking ----

  @Test
  void heartbeatsMayOnlyGoBetweenEvents() {
    StreamRecorder r = f.sse();
    assertThat(r.atEventBoundary()).isTrue();

    f.bytes(r, "data: half");
    assertThat(r.atEventBoundary()).isFalse();
    f.bytes(r, "\n");
    assertThat(r.atEventBoundary()).isFalse();
    f.bytes(r, "\n");
    assertThat(r.atEventBoundary()).isTrue();
  }

  @Test
  void theSameBytesInAnyChunkingGiveTheSameEvents() {
    String stream =
        "retry: 10\r\nevent: a\r\nid: 1\r\ndata: x\r\ndata: yy\r\n\r\n: c\n\ndata: \u00e9\u20ac\n\n"
            + "id: 2\ndata: z\r\rdata\n\nevent: b\ndata: last\n\n";
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);

    List<List<Object>> whole = eventsFor(bytes, new int[] {bytes.length});
    int[] ones = new int[bytes.length];
    java.util.Arrays.fill(ones, 1);
    // five events and the end's counts
    assertThat(whole).hasSize(6);
    assertThat(eventsFor(bytes, ones)).isEqualTo(whole);
    Random random = new Random(7);
    for (int round = 0; round < 50; round++) {
      List<Integer> sizes = new ArrayList<>();
      int left = bytes.length;
      while (left > 0) {
        int n = 1 + random.nextInt(Math.min(left, 12));
        sizes.add(n);
        left -= n;
      }
      int[] chunks = sizes.stream().mapToInt(Integer::intValue).toArray();
      assertThat(eventsFor(bytes, chunks)).as("chunking %s", sizes).isEqualTo(whole);
    }
  }

  private static List<List<Object>> eventsFor(byte[] bytes, int[] chunks) {
    Fixture f = new Fixture();
    StreamRecorder r = f.sse();
    int off = 0;
    for (int len : chunks) {
      f.advance(Duration.ofMillis(3));
      r.onBytes(bytes, off, len, f.now());
      off += len;
    }
    r.onEnd(CloseReason.COMPLETED, f.now());
    List<List<Object>> out = new ArrayList<>();
    for (EventRecord e : f.sink.ofType(EventRecord.class)) {
      out.add(List.of(e.seq(), e.type(), String.valueOf(e.id()), e.dataBytes(), e.dataLines()));
    }
    StreamEnd end = f.sink.single(StreamEnd.class);
    out.add(List.of(end.events(), end.comments(), end.bytes()));
    return out;
  }

  // ---- concurrency ----

  @Test
  void bytesFromOneThreadWhileAnotherTicksKeepCountsExact() throws Exception {
    Fixture f =
        new Fixture(Map.of("ssewatch.progress.interval", "1s", "ssewatch.idle.budget", "1h"));
    StreamRecorder r = f.sse();
    byte[] event = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
    int n = 20_000;
    AtomicInteger ticks = new AtomicInteger();
    Thread ticker =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                f.recorders.tick();
                r.snapshot(f.now());
                ticks.incrementAndGet();
              }
            });
    ticker.start();
    try {
      for (int i = 0; i < n; i++) {
        if (i % 100 == 0) {
          f.advance(Duration.ofMillis(100));
        }
        if (i == n / 2) {
          // Make sure the ticker really runs in the middle of the stream, whatever the scheduler.
          int seen = ticks.get();
          await().atMost(Duration.ofSeconds(30)).until(() -> ticks.get() > seen);
        }
        r.onBytes(event, 0, event.length, f.now());
      }
    } finally {
      ticker.interrupt();
      ticker.join();
    }
    r.onEnd(CloseReason.COMPLETED, f.now());

    StreamEnd end = f.sink.single(StreamEnd.class);
    assertThat(end.events()).isEqualTo(n);
    assertThat(end.bytes()).isEqualTo((long) n * event.length);
    List<EventRecord> events = f.sink.ofType(EventRecord.class);
    assertThat(events).hasSize(n);
    for (int i = 0; i < n; i++) {
      assertThat(events.get(i).seq()).isEqualTo(i + 1);
    }
    assertThat(f.sink.ofType(Progress.class)).isNotEmpty();
    assertThat(r.internalErrors()).isZero();
  }

  private static StreamRecorder trackedSse(Fixture f) {
    StreamRecorder r = f.beginTracked();
    r.onResponseHeaders(200, Fixture.SSE_RESPONSE, f.now());
    assertThat(r.tracksWire()).isTrue();
    return r;
  }
}
