package dev.ssewatch.exporters.otel.receiver;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.StreamStart;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Records of a stream whose data lines would carry {@link #DATA_CANARY} and whose request carried
 * secrets in {@code Authorization} and {@code ?sig=}, redacted by core's real {@link Redactor} as
 * the agent and the proxy do. Exports of these records must contain none of {@link #forbidden()}.
 */
public final class CanaryRecords {

  private CanaryRecords() {}

  /** What the stream's data lines would say: records have no field for it by construction. */
  public static final String DATA_CANARY = "canary-data-7f3a9c1e";

  public static final String BEARER_SECRET = "canary-bearer-2b8d4f60";
  public static final String SIG_SECRET = "canary-sig-9e1c7a35";
  public static final String COOKIE_SECRET = "canary-cookie-5d2e8b14";

  /** Everything that must never appear in any exported payload. */
  public static List<String> forbidden() {
    return List.of(DATA_CANARY, BEARER_SECRET, SIG_SECRET, COOKIE_SECRET);
  }

  /** A whole stream, start to end, as the recorder would emit it after redaction. */
  public static List<TelemetryRecord> stream(String id, StreamSource source) {
    Redactor redactor = Redactor.defaults();
    String url = redactor.url("/events?topic=a&sig=" + SIG_SECRET);
    List<Header> request =
        redactor.headers(
            List.of(
                new Header("Authorization", "Bearer " + BEARER_SECRET),
                new Header("Cookie", "session=" + COOKIE_SECRET),
                new Header("Accept", "text/event-stream")));
    List<TelemetryRecord> out = new ArrayList<>();
    StreamStart start = SampleStreams.start(id, source, url, request);
    out.add(start);
    // The data line would be "data: {\"text\":\"" + DATA_CANARY + "\"}": only its size is recorded.
    int dataBytes = ("{\"text\":\"" + DATA_CANARY + "\"}").length();
    out.add(
        new EventRecord(
            id,
            SampleStreams.START_MILLIS + 300,
            1,
            "message",
            redactor.eventId("1"),
            dataBytes,
            1,
            -1,
            1_000_000L,
            -1));
    out.add(SampleStreams.end(id, source, url, 1));
    return out;
  }
}
