package dev.ssewatch.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte encoder against the StringBuilder encoder it replaced: the same text, byte for byte. */
class JsonLineEncoderTest {

  /** Strings that exercise every escaping and encoding branch. */
  static final List<String> AWKWARD =
      Arrays.asList(
          null,
          "",
          "plain",
          "quote \" and backslash \\ and slash /",
          "\n\r\t\b\f",
          "\u0000\u0001\u001f\u007f",
          "caf\u00e9 \u00ff \u0100 \u07ff \u0800 \u20ac \uffff \ufffd",
          "line\u2028sep\u2029para",
          "emoji \ud83d\ude00 pair",
          "lone high \ud83d end",
          "lone low \ude00 end",
          "high at end \ud83d",
          "\ude00\ud83d reversed",
          "\ud83d\ud83d\ude00 two highs",
          "\u0080\u009f C1 controls");

  static final long[] NUMBERS = {
    0,
    1,
    9,
    10,
    99,
    100,
    999,
    1000,
    499,
    500,
    1_499,
    1_500,
    999_999,
    1_000_000,
    -1,
    -2,
    -1000,
    Integer.MAX_VALUE,
    Integer.MIN_VALUE,
    Long.MAX_VALUE,
    Long.MAX_VALUE - 499,
    Long.MIN_VALUE,
    Long.MIN_VALUE + 1,
    999_999_999_999_999_999L,
    1_000_000_000_000_000_000L
  };

  static final long[] TIMES = {
    0,
    -1,
    1,
    SampleRecords.TS,
    951_782_400_000L, // 2000-02-29
    253_402_300_799_999L, // 9999-12-31T23:59:59.999
    253_402_300_800_000L, // year 10000
    -62_167_219_200_000L, // year 0
    -62_167_219_200_001L, // year -1
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    Long.MAX_VALUE / 2,
    Long.MIN_VALUE / 2
  };

  @Test
  void sampleRecordsAreEncodedExactlyAsBefore() {
    for (TelemetryRecord r : SampleRecords.oneOfEach()) {
      assertSame(r);
    }
    assertSame(SampleRecords.firstEvent());
  }

  @Test
  void awkwardStringsInEveryStringFieldAreEncodedExactlyAsBefore() {
    for (String s : AWKWARD) {
      String notNull = s == null ? "x" : s;
      assertSame(new EventRecord(s, 1, 1, s, s, 1, 1, 1, 1, 1));
      assertSame(
          new StreamStart(
              s,
              1,
              null,
              s,
              s,
              s,
              200,
              s,
              false,
              List.of(new Header(notNull, notNull)),
              List.of(),
              1,
              1,
              null,
              null));
      assertSame(
          new StreamEnd(
              s,
              1,
              StreamSource.AGENT,
              s,
              s,
              s,
              1,
              true,
              1,
              1,
              1,
              1,
              1,
              1,
              1,
              1,
              null,
              null,
              null,
              null,
              null));
      Alert alert = new Alert(AlertKind.BUFFERING, notNull, Severity.WARNING, notNull, notNull);
      assertSame(new AlertRecord(s, 1, alert, null, null, 0, 0, 0));
      assertSame(new AlertRecord(s, 1, alert, StreamSource.AGENT, s, 0, 0, 0));
      assertSame(new AlertSummary(1, StreamSource.PROXY, s, alert, 1, s, 1, s, 1, 1));
      assertSame(
          new StreamEnd(
              s,
              1,
              StreamSource.AGENT,
              s,
              s,
              s,
              1,
              true,
              1,
              1,
              1,
              1,
              1,
              1,
              1,
              1,
              null,
              s,
              List.of(notNull, notNull),
              null,
              null));
      assertSame(new Progress(s, 1, 1, 1, 1, 1, 1, 1, 1, null, 0, 0, 0));
    }
  }

  @Test
  void extremeNumbersAndTimesAreEncodedExactlyAsBefore() {
    for (long n : NUMBERS) {
      assertSame(new EventRecord("s", n, n, "t", "i", n, (int) n, n, n, n));
      assertSame(new TelemetryDropped(n, n, n));
      assertSame(new Progress("s", n, n, n, n, n, n, n, n, null, 0, 0, 0));
      assertSame(
          new AlertSummary(
              n,
              null,
              null,
              new Alert(AlertKind.NO_HEARTBEATS, "r", Severity.INFO, "e", "a"),
              n,
              null,
              n,
              null,
              n,
              n));
      assertSame(
          new StreamEnd(
              "s",
              n,
              StreamSource.PROXY,
              "GET",
              "/",
              "/",
              (int) n,
              false,
              n,
              n,
              n,
              n,
              n,
              n,
              n,
              n,
              CloseReason.ERROR,
              null,
              null,
              null,
              null));
      assertSame(
          new StreamStart(
              "s",
              n,
              StreamSource.PROXY,
              "GET",
              "/",
              "/",
              (int) n,
              null,
              true,
              List.of(),
              List.of(),
              n,
              n,
              null,
              null));
    }
    for (long t : TIMES) {
      assertSame(new TelemetryDropped(t, 0, 0));
      for (long step = 1; step <= 86_400_000L * 400; step *= 7) {
        assertSame(new TelemetryDropped(t + step, 0, 0));
        assertSame(new TelemetryDropped(t - step, 0, 0));
      }
    }
  }

  @Test
  void oneEncoderWritesEveryTimestampRightWhetherOrNotItRepeatsTheLastSecond() {
    JsonLineEncoder e = new JsonLineEncoder(64);
    Random random = new Random(7);
    long t = SampleRecords.TS;
    for (int i = 0; i < 20_000; i++) {
      // Mostly small steps within a second, sometimes jumps across days, years or eras.
      int pick = random.nextInt(10);
      t =
          pick < 7
              ? t + random.nextInt(400)
              : pick < 9
                  ? t + random.nextLong() % 100_000_000_000L
                  : TIMES[random.nextInt(TIMES.length)];
      TelemetryRecord r = new TelemetryDropped(t, i, i);
      e.clear();
      e.record(r);
      assertThat(e.toString()).isEqualTo(ReferenceJsonLines.toJson(r));
    }
  }

  @Test
  void randomStringsAreEncodedExactlyAsBefore() {
    Random random = new Random(20_260_131L);
    char[] interesting = {
      '"', '\\', '\n', '\u0000', '\u007f', '\u0080', '\u00e9', '\u2028', '\u2029', '\ud83d',
      '\ude00', '\ufffd', '\uffff', 'a', ' '
    };
    for (int k = 0; k < 5_000; k++) {
      char[] cs = new char[random.nextInt(40)];
      for (int i = 0; i < cs.length; i++) {
        cs[i] =
            random.nextBoolean()
                ? interesting[random.nextInt(interesting.length)]
                : (char) random.nextInt(Character.MAX_VALUE + 1);
      }
      String s = new String(cs);
      assertSame(new EventRecord(s, k, k, s, s, k, k, k, k, k));
    }
  }

  @Test
  void theSinkWritesTheUtf8OfTheOldLinesAcrossChunkBoundaries() {
    List<TelemetryRecord> batch = new ArrayList<>();
    StringBuilder expected = new StringBuilder();
    String longUrl = "/x?" + "\u00e9\ud83d\ude00\"".repeat(JsonLinesSink.CHUNK / 8);
    for (int i = 0; i < 2_000; i++) {
      String s = AWKWARD.get(i % AWKWARD.size());
      TelemetryRecord r =
          i % 500 == 7
              ? new StreamEnd(
                  "s",
                  i,
                  StreamSource.PROXY,
                  "GET",
                  longUrl,
                  s,
                  200,
                  true,
                  i,
                  i,
                  i,
                  i,
                  i,
                  i,
                  i,
                  i,
                  CloseReason.COMPLETED,
                  null,
                  null,
                  null,
                  null)
              : new EventRecord("s-" + i, i, i, s, s, i, 1, i, i, i);
      batch.add(r);
      expected.append(ReferenceJsonLines.toJson(r)).append('\n');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLinesSink sink =
        JsonLinesSink.stdout(new PrintStream(bytes, false, StandardCharsets.UTF_8));

    sink.export(batch);
    sink.export(batch.subList(0, 3));

    expected.append(ReferenceJsonLines.toJson(batch.get(0))).append('\n');
    expected.append(ReferenceJsonLines.toJson(batch.get(1))).append('\n');
    expected.append(ReferenceJsonLines.toJson(batch.get(2))).append('\n');
    assertThat(bytes.toByteArray()).isEqualTo(expected.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(sink.written()).isEqualTo(2_003);
  }

  @Test
  void stringHelpersMatchTheOldOnes() {
    for (String s : AWKWARD) {
      StringBuilder now = new StringBuilder("x");
      StringBuilder before = new StringBuilder("x");
      JsonLines.appendString(s, now);
      ReferenceJsonLines.appendString(s, before);
      assertThat(now.toString()).isEqualTo(before.toString());
    }
    for (long n : NUMBERS) {
      StringBuilder now = new StringBuilder();
      StringBuilder before = new StringBuilder();
      JsonLines.appendMillis(n, now);
      ReferenceJsonLines.appendMillis(n, before);
      assertThat(now.toString()).isEqualTo(before.toString());
    }
  }

  private static void assertSame(TelemetryRecord r) {
    String before = ReferenceJsonLines.toJson(r);
    assertThat(JsonLines.toJson(r)).isEqualTo(before);
    JsonLineEncoder e = new JsonLineEncoder(16);
    e.record(r);
    assertThat(Arrays.copyOf(e.array(), e.length()))
        .isEqualTo(before.getBytes(StandardCharsets.UTF_8));
  }
}
