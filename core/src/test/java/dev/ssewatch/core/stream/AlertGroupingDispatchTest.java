package dev.ssewatch.core.stream;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.AlertSummary;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryDispatcher;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.telemetry.TelemetrySink;
import dev.ssewatch.core.testing.ManualTimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Recorders feeding a dispatcher that groups alerts, driven by a manual clock: what the agent and
 * the proxy export when every stream of a route raises the same alert.
 */
class AlertGroupingDispatchTest {

  private static final List<Header> SIZED =
      List.of(
          new Header("Content-Type", "text/event-stream"),
          new Header("Cache-Control", "no-cache"),
          new Header("Content-Length", "42"));

  private final List<TelemetryRecord> exported = new CopyOnWriteArrayList<>();
  private final ManualTimeSource time = new ManualTimeSource();
  private final List<TelemetryDispatcher> started = new ArrayList<>();

  private final TelemetrySink capture =
      new TelemetrySink() {
        @Override
        public void export(List<TelemetryRecord> batch) {
          exported.addAll(batch);
        }

        @Override
        public void flush() {}

        @Override
        public void shutdown() {}
      };

  @AfterEach
  void stop() {
    started.forEach(d -> d.shutdown(Duration.ofSeconds(5)));
  }

  private TelemetryDispatcher dispatcher(Duration window, int maxCauses) {
    TelemetryDispatcher d =
        TelemetryDispatcher.builder()
            .batchDelay(Duration.ofMillis(5))
            .timeSource(time)
            .alertGrouping(window, maxCauses)
            .sink(capture)
            .build();
    started.add(d);
    return d;
  }

  private StreamRecorders recorders(TelemetryDispatcher d) {
    return StreamRecorders.createWithoutTicker(Settings.of(Map.of()), StreamSource.PROXY, d, time);
  }

  /** One stream of {@code route} answered with a Content-Length: one content_length alert. */
  private static StreamRecorder sizedStream(StreamRecorders r, String route, ManualTimeSource t) {
    StreamRecorder s = r.begin("GET", route, route, Fixture.SSE_REQUEST, t.nanoTime());
    s.onResponseHeaders(200, SIZED, t.nanoTime());
    s.onEnd(CloseReason.COMPLETED, t.nanoTime());
    return s;
  }

  private List<AlertRecord> alerts() {
    return exported.stream()
        .filter(AlertRecord.class::isInstance)
        .map(AlertRecord.class::cast)
        .toList();
  }

  private List<AlertSummary> summaries() {
    return exported.stream()
        .filter(AlertSummary.class::isInstance)
        .map(AlertSummary.class::cast)
        .toList();
  }

  private List<StreamEnd> ends() {
    return exported.stream()
        .filter(StreamEnd.class::isInstance)
        .map(StreamEnd.class::cast)
        .toList();
  }

  @Test
  void aThousandStreamsWithTheSameProblemMakeOneAlertAndOneSummary() {
    TelemetryDispatcher d = dispatcher(Duration.ofMinutes(5), 100);
    StreamRecorders r = recorders(d);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      ids.add(sizedStream(r, "/chat", time).streamId());
      time.advance(Duration.ofMillis(250));
    }
    assertThat(d.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.streamId()).isEqualTo(ids.get(0));
              assertThat(a.alert().rule()).isEqualTo("content_length");
              assertThat(a.route()).isEqualTo("/chat");
              assertThat(a.source()).isEqualTo(StreamSource.PROXY);
            });
    assertThat(summaries()).as("not before the window ends").isEmpty();
    assertThat(ends())
        .as("every stream still names the rule it tripped")
        .hasSize(1_000)
        .allSatisfy(e -> assertThat(e.alertRules()).containsExactly("content_length"));
    assertThat(d.alertsHeld()).isEqualTo(999);

    time.advance(Duration.ofMinutes(5));

    await().atMost(30, SECONDS).until(() -> !summaries().isEmpty());
    AlertSummary s = summaries().get(0);
    assertThat(s.count()).isEqualTo(999);
    assertThat(s.firstStreamId()).isEqualTo(ids.get(1));
    assertThat(s.lastStreamId()).isEqualTo(ids.get(999));
    assertThat(s.route()).isEqualTo("/chat");
    assertThat(s.alert().rule()).isEqualTo("content_length");
    assertThat(d.alertSummaries()).isEqualTo(1);
  }

  @Test
  void gapCriticalIsExportedForEveryStreamWhileOtherAlertsAreGrouped() {
    TelemetryDispatcher d = dispatcher(Duration.ofMinutes(5), 100);
    StreamRecorders r = recorders(d);
    List<StreamRecorder> quiet = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      StreamRecorder s = r.begin("GET", "/quiet", "/quiet", Fixture.SSE_REQUEST, time.nanoTime());
      s.onResponseHeaders(200, Fixture.SSE_RESPONSE, time.nanoTime());
      quiet.add(s);
    }
    // Silent past 90 % of the 240 s budget: gap_warning came at the half, gap_critical now.
    time.advance(Duration.ofSeconds(121));
    r.tick();
    time.advance(Duration.ofSeconds(100));
    r.tick();
    assertThat(d.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(alerts())
        .filteredOn(a -> a.alert().rule().equals("gap_critical"))
        .extracting(AlertRecord::streamId)
        .containsExactlyInAnyOrderElementsOf(quiet.stream().map(StreamRecorder::streamId).toList());
    assertThat(alerts()).filteredOn(a -> a.alert().rule().equals("gap_warning")).hasSize(1);
  }

  @Test
  void shutdownExportsTheSummariesOfWindowsStillOpen() {
    TelemetryDispatcher d = dispatcher(Duration.ofMinutes(5), 100);
    StreamRecorders r = recorders(d);
    for (int i = 0; i < 3; i++) {
      sizedStream(r, "/chat", time);
      // Taken by the worker before the clock moves, so the window starts at the first alert.
      assertThat(d.flush(Duration.ofSeconds(30))).isTrue();
      time.advance(Duration.ofSeconds(1));
    }

    assertThat(d.shutdown(Duration.ofSeconds(30))).isTrue();

    assertThat(alerts()).hasSize(1);
    assertThat(summaries())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.count()).isEqualTo(2);
              assertThat(s.windowNanos()).isEqualTo(Duration.ofSeconds(3).toNanos());
            });
  }

  @Test
  void withTheCapReachedNewCausesAreExportedUngrouped() {
    TelemetryDispatcher d = dispatcher(Duration.ofMinutes(5), 1);
    StreamRecorders r = recorders(d);
    sizedStream(r, "/a", time);
    sizedStream(r, "/b", time);
    sizedStream(r, "/b", time);
    sizedStream(r, "/a", time);
    assertThat(d.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(alerts()).extracting(AlertRecord::route).containsExactly("/a", "/b", "/b");
    assertThat(d.alertsUngrouped()).isEqualTo(2);
    assertThat(d.alertsHeld()).isEqualTo(1);
  }

  @Test
  void aZeroWindowExportsEveryAlert() {
    TelemetryDispatcher d = dispatcher(Duration.ZERO, 100);
    StreamRecorders r = recorders(d);
    for (int i = 0; i < 5; i++) {
      sizedStream(r, "/chat", time);
    }
    assertThat(d.flush(Duration.ofSeconds(30))).isTrue();

    assertThat(alerts()).hasSize(5);
    assertThat(d.alertsHeld()).isZero();
  }

  @Test
  void theSettingsTurnGroupingOffOrRejectNonsenseNamingTheKey() {
    TelemetryDispatcher off =
        TelemetryDispatcher.create(
            Settings.of(Map.of("ssewatch.exporters", "", "ssewatch.alerts.group-window", "0")));
    started.add(off);
    for (int i = 0; i < 3; i++) {
      off.offer(
          new AlertRecord(
              "s-" + i,
              0,
              new dev.ssewatch.core.risk.Alert(
                  dev.ssewatch.core.risk.AlertKind.BUFFERING,
                  "content_length",
                  dev.ssewatch.core.risk.Severity.CRITICAL,
                  "e",
                  "a"),
              StreamSource.AGENT,
              "/",
              0,
              0,
              0));
    }
    assertThat(off.flush(Duration.ofSeconds(30))).isTrue();
    assertThat(off.alertsHeld()).isZero();

    assertThatThrownBy(
            () ->
                TelemetryDispatcher.create(
                    Settings.of(Map.of("ssewatch.alerts.group-window", "25h"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("ssewatch.alerts.group-window");
    assertThatThrownBy(
            () ->
                TelemetryDispatcher.create(Settings.of(Map.of("ssewatch.alerts.max-causes", "0"))))
        .isInstanceOf(SettingsException.class)
        .hasMessageStartingWith("ssewatch.alerts.max-causes");
  }
}
