package dev.ssewatch.exporters.otel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.StreamSource;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.testing.ManualTimeSource;
import dev.ssewatch.exporters.otel.receiver.HealthLog;
import dev.ssewatch.exporters.otel.receiver.SampleStreams;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The breaker's states, pauses and counts, driven by a manual clock and a scripted endpoint. */
class ExportBreakerTest {

  private static final Collection<SpanData> TEN_SPANS = Collections.nCopies(10, null);

  private final ManualTimeSource time = new ManualTimeSource();
  private double jitter = 1.0;
  private final ExportBreaker breaker =
      new ExportBreaker(
          "test",
          time,
          () -> jitter,
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          Duration.ofSeconds(20));
  private final Scripted endpoint = new Scripted();
  private final SpanExporter spans = breaker.wrap(endpoint.spans());

  private final List<LogRecord> logged = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          synchronized (logged) {
            logged.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Logger log = Logger.getLogger(ExportBreaker.class.getName());

  @BeforeEach
  void captureLog() {
    log.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    log.removeHandler(capture);
  }

  @Test
  void closedPassesEverythingAndASuccessForgivesEarlierFailures() {
    failOnce();
    failOnce();
    succeedOnce();
    failOnce();
    failOnce();

    assertThat(breaker.isOpen()).isFalse();
    assertThat(endpoint.calls).isEqualTo(5);
    assertThat(breaker.attempts()).isEqualTo(5);
    assertThat(breaker.dropped()).isZero();
  }

  @Test
  void threeFailuresInARowOpenItAndSkippedExportsAreCountedNotSent() {
    List<Long> heard = new ArrayList<>();
    breaker.onDrop(heard::add);
    openBreaker();

    CompletableResultCode skipped = spans.export(TEN_SPANS);
    CompletableResultCode logs = breaker.wrap(endpoint.logs()).export(Collections.nCopies(7, null));

    assertThat(breaker.isOpen()).isTrue();
    assertThat(endpoint.calls).isEqualTo(3);
    // Answered at once, as success: the SDK would log every failure.
    assertThat(skipped.isDone()).isTrue();
    assertThat(skipped.isSuccess()).isTrue();
    assertThat(logs.isSuccess()).isTrue();
    assertThat(breaker.dropped()).isEqualTo(17);
    assertThat(heard).containsExactly(10L, 7L);
  }

  @Test
  void whenThePauseEndsOneProbeGoesThroughAndItsSuccessClosesTheBreaker() {
    openBreaker();
    time.advance(Duration.ofMillis(999));
    spans.export(TEN_SPANS);
    assertThat(endpoint.calls).isEqualTo(3);

    time.advance(Duration.ofMillis(1));
    spans.export(TEN_SPANS);
    assertThat(endpoint.calls).as("the probe").isEqualTo(4);
    spans.export(TEN_SPANS);
    spans.export(TEN_SPANS);
    assertThat(endpoint.calls).as("nothing else while the probe is out").isEqualTo(4);

    endpoint.last().succeed();
    assertThat(breaker.isOpen()).isFalse();
    spans.export(TEN_SPANS);
    spans.export(TEN_SPANS);
    assertThat(endpoint.calls).isEqualTo(6);
    assertThat(breaker.dropped()).isEqualTo(30);
  }

  @Test
  void failedProbesDoubleThePauseUpToTheCap() {
    openBreaker();
    List<Long> pauses = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      pauses.add(pauseUntilProbeMillis());
      endpoint.last().fail();
    }
    assertThat(pauses)
        .containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L);

    // One success starts the next run of failures from the first pause again.
    pauseUntilProbeMillis();
    endpoint.last().succeed();
    openBreaker();
    assertThat(pauseUntilProbeMillis()).isEqualTo(1000L);
  }

  @Test
  void jitterShortensAPauseByAtMostHalf() {
    jitter = 0.0;
    openBreaker();
    assertThat(pauseUntilProbeMillis()).isEqualTo(500L);
    jitter = 0.5;
    endpoint.last().fail();
    assertThat(pauseUntilProbeMillis()).isEqualTo(1500L);
  }

  @Test
  void aProbeThatNeverAnswersCountsAsFailedOnceItTimesOut() {
    openBreaker();
    pauseUntilProbeMillis();
    time.advance(Duration.ofSeconds(19));
    spans.export(TEN_SPANS);
    assertThat(endpoint.calls).isEqualTo(4);

    time.advance(Duration.ofSeconds(1));
    spans.export(TEN_SPANS);
    assertThat(endpoint.calls).as("the next probe").isEqualTo(5);
    // The stale probe's late answer is not the current probe's.
    endpoint.results.get(3).succeed();
    assertThat(breaker.isOpen()).isTrue();
    endpoint.last().succeed();
    assertThat(breaker.isOpen()).isFalse();
  }

  @Test
  void exportsSentBeforeItOpenedDoNotSpeakForTheEndpoint() {
    spans.export(TEN_SPANS);
    CompletableResultCode inFlight = endpoint.last();
    openBreaker();

    inFlight.succeed();

    assertThat(breaker.isOpen()).isTrue();
  }

  @Test
  void logsOneLinePerChangeOfStateNotOnePerFailure() {
    try (HealthLog health = HealthLog.capture()) {
      openBreaker();
      for (int i = 0; i < 5; i++) {
        pauseUntilProbeMillis();
        endpoint.last().fail();
        spans.export(TEN_SPANS);
      }
      pauseUntilProbeMillis();
      endpoint.last().succeed();

      // Failing at the first failure, paused when the breaker opens, back when a probe succeeds.
      assertThat(health.lines()).hasSize(3);
      assertThat(health.lines().get(0)).startsWith("WARNING ssewatch: test failed an export");
      assertThat(health.lines().get(1))
          .startsWith("WARNING ssewatch: test: 3 exports in a row failed")
          .contains("pausing exports");
      assertThat(health.lines().get(2))
          .startsWith("INFO ssewatch: test is back: ")
          .contains(breaker.health().failed() + breaker.health().dropped() + " records");
    }
    assertThat(breaker.health().state()).isEqualTo(ExporterHealth.State.OK);
    assertThat(breaker.health().dropped(ExporterHealth.Reason.BREAKER_OPEN))
        .isEqualTo(breaker.dropped());
    assertThat(logged.stream().filter(r -> r.getLevel().intValue() >= Level.INFO.intValue()))
        .isEmpty();
  }

  @Test
  void skippedMetricExportsKeepTheDelegatesTemporalityAndAreNotCountedAsDropped() {
    MetricExporter metrics = breaker.wrap(endpoint.metrics());
    assertThat(metrics.getAggregationTemporality(InstrumentType.COUNTER))
        .isEqualTo(AggregationTemporality.DELTA);
    openBreaker();

    assertThat(metrics.export(List.of()).isSuccess()).isTrue();
    assertThat(endpoint.calls).isEqualTo(3);
    assertThat(breaker.dropped()).isZero();
  }

  @Test
  void droppedRecordsShowInTheTelemetryDroppedCounterWithTheirReason() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
            .build();
    OtelSink sink =
        OtelSink.of(
            "test", sdk, SseTelemetryMapping.builder(sdk).build(), Duration.ofMillis(500), breaker);
    openBreaker();
    spans.export(TEN_SPANS);
    spans.export(TEN_SPANS);

    long counted =
        reader.collectAllMetrics().stream()
            .filter(m -> m.getName().equals(SseMetricNames.TELEMETRY_DROPPED))
            .flatMap(m -> m.getLongSumData().getPoints().stream())
            .filter(p -> "exporter_paused".equals(p.getAttributes().get(SseAttributes.DROP_REASON)))
            .mapToLong(p -> p.getValue())
            .sum();
    assertThat(counted).isEqualTo(20);
    assertThat(sink.breaker()).isSameAs(breaker);
    sink.shutdown();
  }

  @Test
  void whileOpenTheMappingBuildsNoEventLogRecordsAndCountsThemAsDropped() {
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .build();
    SseTelemetryMapping mapping = SseTelemetryMapping.builder(sdk).pausedBy(breaker).build();
    List<TelemetryRecord> stream = SampleStreams.stream("s-1", StreamSource.PROXY, 4);
    EventRecord event = (EventRecord) stream.get(1);

    mapping.record(event);
    assertThat(logs.getFinishedLogRecordItems()).hasSize(1);

    openBreaker();
    mapping.record(event);
    mapping.record(event);
    assertThat(logs.getFinishedLogRecordItems()).hasSize(1);
    assertThat(breaker.dropped()).isEqualTo(2);

    pauseUntilProbeMillis();
    endpoint.last().succeed();
    mapping.record(event);
    assertThat(logs.getFinishedLogRecordItems()).hasSize(2);
    sdk.close();
  }

  private void openBreaker() {
    failOnce();
    failOnce();
    failOnce();
    assertThat(breaker.isOpen()).isTrue();
  }

  private void failOnce() {
    spans.export(TEN_SPANS);
    endpoint.last().fail();
  }

  private void succeedOnce() {
    spans.export(TEN_SPANS);
    endpoint.last().succeed();
  }

  /**
   * Advances the clock 10 ms at a time until an export reaches the endpoint; returns how long that
   * took (every pause in these tests is a multiple of 10 ms).
   */
  private long pauseUntilProbeMillis() {
    int before = endpoint.calls;
    long waited = 0;
    while (endpoint.calls == before) {
      spans.export(TEN_SPANS);
      if (endpoint.calls == before) {
        time.advance(Duration.ofMillis(10));
        waited += 10;
      }
    }
    return waited;
  }

  /** An endpoint whose every answer the test gives by hand, behind all three exporter kinds. */
  private static final class Scripted {
    final List<CompletableResultCode> results = new ArrayList<>();
    int calls;

    CompletableResultCode last() {
      return results.get(results.size() - 1);
    }

    private CompletableResultCode call() {
      calls++;
      CompletableResultCode r = new CompletableResultCode();
      results.add(r);
      return r;
    }

    SpanExporter spans() {
      return new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          return call();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
    }

    LogRecordExporter logs() {
      return new LogRecordExporter() {
        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
          return call();
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
    }

    MetricExporter metrics() {
      return new MetricExporter() {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
          return call();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
          return AggregationTemporality.DELTA;
        }

        @Override
        public CompletableResultCode flush() {
          return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
          return CompletableResultCode.ofSuccess();
        }
      };
    }
  }
}
