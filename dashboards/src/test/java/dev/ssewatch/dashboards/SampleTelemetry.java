package dev.ssewatch.dashboards;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import java.util.ArrayList;
import java.util.List;

/**
 * Records that exercise every signal the dashboards query: an agent stream and a proxied stream
 * (requests and a dependency), events, progress with heartbeats, one alert of every kind and
 * severity raised while its stream is open, and a drop report.
 */
final class SampleTelemetry {

  private SampleTelemetry() {}

  static List<TelemetryRecord> records() {
    List<TelemetryRecord> out = new ArrayList<>();
    out.addAll(withEveryAlert("agent-1", StreamSource.AGENT));
    out.addAll(withEveryAlert("proxy-1", StreamSource.PROXY));
    out.add(new TelemetryDropped(SampleStreams.START_MILLIS + 3000, 2, 2));
    return out;
  }

  private static List<TelemetryRecord> withEveryAlert(String id, StreamSource source) {
    List<TelemetryRecord> stream = new ArrayList<>(SampleStreams.stream(id, source, 3));
    TelemetryRecord end = stream.remove(stream.size() - 1);
    long at = SampleStreams.START_MILLIS + 1500;
    for (AlertKind kind : AlertKind.values()) {
      for (Severity severity : Severity.values()) {
        stream.add(
            new AlertRecord(
                id,
                at++,
                new Alert(
                    kind,
                    "sample_rule",
                    severity,
                    "sample evidence with figures",
                    "sample advice")));
      }
    }
    stream.add(end);
    return stream;
  }
}
