package dev.ssewatch.exporters.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;

/**
 * The SSE instruments. Names, units and bucket boundaries are documented in docs/exporters.md;
 * boundaries are set as advice so a user's views can still override them.
 */
final class SseMetrics {

  /** Stream lifetimes span sub-second failures to hour-long feeds. */
  static final List<Double> DURATION_BUCKETS_S =
      List.of(0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0);

  /** First-event latency: what a user waits for before anything shows. */
  static final List<Double> TIME_TO_FIRST_EVENT_BUCKETS_S =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  /** Inter-event gaps: token streams (ms) up to silences that idle timeouts kill (minutes). */
  static final List<Double> GAP_BUCKETS_S =
      List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 120.0, 300.0);

  /** Event data sizes, powers of four from 16 B to 1 MiB. */
  static final List<Long> EVENT_SIZE_BUCKETS_BYTES =
      List.of(16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L);

  /**
   * {@code ssewatch.telemetry.dropped} attributes of the records an exporter skipped while its
   * endpoint kept failing; the dispatcher's own drops carry no reason.
   */
  static final Attributes EXPORTER_PAUSED =
      Attributes.of(SseAttributes.DROP_REASON, "exporter_paused");

  final LongUpDownCounter openStreams;
  final DoubleHistogram streamDuration;
  final DoubleHistogram timeToFirstEvent;
  final LongCounter events;
  final DoubleHistogram eventGap;
  final LongHistogram eventSize;
  final LongCounter heartbeats;
  final LongCounter alerts;
  final LongCounter telemetryDropped;

  SseMetrics(Meter meter) {
    openStreams =
        meter
            .upDownCounterBuilder(SseMetricNames.STREAMS_OPEN)
            .setUnit("{stream}")
            .setDescription("Streams whose headers were seen and whose end was not yet")
            .build();
    streamDuration =
        meter
            .histogramBuilder(SseMetricNames.STREAM_DURATION)
            .setUnit("s")
            .setDescription("Request start to stream end")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS_S)
            .build();
    timeToFirstEvent =
        meter
            .histogramBuilder(SseMetricNames.STREAM_TIME_TO_FIRST_EVENT)
            .setUnit("s")
            .setDescription("Request start to the first dispatched event")
            .setExplicitBucketBoundariesAdvice(TIME_TO_FIRST_EVENT_BUCKETS_S)
            .build();
    events =
        meter
            .counterBuilder(SseMetricNames.EVENTS)
            .setUnit("{event}")
            .setDescription("SSE events dispatched, by event type and route")
            .build();
    eventGap =
        meter
            .histogramBuilder(SseMetricNames.EVENT_GAP)
            .setUnit("s")
            .setDescription("Time between consecutive events of a stream")
            .setExplicitBucketBoundariesAdvice(GAP_BUCKETS_S)
            .build();
    eventSize =
        meter
            .histogramBuilder(SseMetricNames.EVENT_SIZE)
            .ofLongs()
            .setUnit("By")
            .setDescription("UTF-8 bytes of an event's data (the data itself is never recorded)")
            .setExplicitBucketBoundariesAdvice(EVENT_SIZE_BUCKETS_BYTES)
            .build();
    heartbeats =
        meter
            .counterBuilder(SseMetricNames.HEARTBEATS)
            .setUnit("{heartbeat}")
            .setDescription("Heartbeat comments injected by the ssewatch proxy")
            .build();
    alerts =
        meter
            .counterBuilder(SseMetricNames.ALERTS)
            .setUnit("{alert}")
            .setDescription("Risk alerts, by kind, severity and route")
            .build();
    telemetryDropped =
        meter
            .counterBuilder(SseMetricNames.TELEMETRY_DROPPED)
            .setUnit("{record}")
            .setDescription(
                "Telemetry records ssewatch dropped: its queue was full, or an exporter's"
                    + " endpoint kept failing")
            .build();
  }
}
