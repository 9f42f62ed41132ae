package dev.ssewatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.risk.Severity;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.TelemetryDropped;
import org.junit.jupiter.api.Test;

class RecordingConsumerTest {

  @Test
  void filtersByTypeInOrder() {
    RecordingConsumer sink = new RecordingConsumer();
    EventRecord first = new EventRecord("s", 1, 1, "message", null, 3, 1, -1, 0, -1);
    EventRecord second = new EventRecord("s", 2, 2, "message", null, 3, 1, 5, 5, -1);
    sink.accept(first);
    sink.accept(new TelemetryDropped(1, 1, 1));
    sink.accept(second);

    assertThat(sink.ofType(EventRecord.class)).containsExactly(first, second);
    assertThat(sink.recordTypes()).containsExactly("event", "telemetry_dropped", "event");
    assertThat(sink.single(TelemetryDropped.class).dropped()).isEqualTo(1);
    assertThatThrownBy(() -> sink.single(EventRecord.class)).isInstanceOf(AssertionError.class);
  }

  @Test
  void exposesAlertRules() {
    RecordingConsumer sink = new RecordingConsumer();
    Alert alert = new Alert(AlertKind.BUFFERING, "burst", Severity.WARNING, "e", "a");
    sink.accept(new AlertRecord("s", 1, alert, null, null, 0, 0, 0));

    assertThat(sink.alerts()).containsExactly(alert);
    assertThat(sink.alertRules()).containsExactly("burst");

    sink.clear();
    assertThat(sink.size()).isZero();
  }
}
