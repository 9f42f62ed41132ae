package dev.ssewatch.exporters.otel.receiver;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.Progress;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of whole streams for exporter tests: the same shapes core produces, with known figures.
 */
public final class SampleStreams {

  private SampleStreams() {}

  public static final long START_MILLIS = 1_790_000_000_000L;
  public static final long DURATION_NANOS = 2_500_000_000L;

  /**
   * One completed stream {@code id} with {@code events} events of type {@code tick} (100 bytes
   * each, 200 ms apart), one progress report, one warning alert, and its end.
   */
  /** The evidence of the sample stream's alert. */
  public static final String ALERT_EVIDENCE = "silence of 55s against an idle budget of 60s";

  public static List<TelemetryRecord> stream(String id, StreamSource source, int events) {
    List<TelemetryRecord> out = new ArrayList<>();
    out.add(start(id, source, "/events?topic=a", List.of()));
    for (int i = 1; i <= events; i++) {
      out.add(
          new EventRecord(
              id,
              START_MILLIS + 100 + 200L * i,
              i,
              "tick",
              String.valueOf(i),
              100,
              1,
              i == 1 ? -1 : 200_000_000L,
              200_000_000L,
              50_000L));
    }
    out.add(
        new Progress(
            id,
            START_MILLIS + 1000,
            1_000_000_000L,
            events,
            100L * events,
            1,
            2,
            10,
            300_000_000L,
            null,
            0,
            0,
            0));
    out.add(
        new AlertRecord(
            id,
            START_MILLIS + 1200,
            new Alert(
                AlertKind.IDLE_TIMEOUT_RISK,
                "gap_warning",
                Severity.WARNING,
                ALERT_EVIDENCE,
                "send a comment line every 15s"),
            null,
            null,
            0,
            0,
            0));
    out.add(end(id, source, "/events?topic=a", events));
    return out;
  }

  public static StreamStart start(
      String id, StreamSource source, String url, List<Header> requestHeaders) {
    return new StreamStart(
        id,
        START_MILLIS + 40,
        source,
        "GET",
        url,
        "/events",
        200,
        "text/event-stream",
        true,
        requestHeaders,
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Cache-Control", "no-cache"),
            new Header("Set-Cookie", "session=not-exported")),
        40_000_000L,
        START_MILLIS,
        null,
        null);
  }

  public static StreamEnd end(String id, StreamSource source, String url, long events) {
    return new StreamEnd(
        id,
        START_MILLIS + 2500,
        source,
        "GET",
        url,
        "/events",
        200,
        true,
        START_MILLIS,
        DURATION_NANOS,
        300_000_000L,
        events,
        100L * events + 50,
        1,
        3,
        400_000_000L,
        CloseReason.COMPLETED,
        null,
        null,
        null,
        null);
  }
}
