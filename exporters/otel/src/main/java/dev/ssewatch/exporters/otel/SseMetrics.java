package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.StreamSource;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.semconv.HttpAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SSE instruments and what each record adds to them. Names, units and bucket boundaries are
 * documented in docs/exporters.md; boundaries are set as advice so a user's views can still
 * override them.
 *
 * <p>The instruments are thread-safe, as the OpenTelemetry API makes them. The set of routes the
 * alert counter keeps is not: everything that reads or writes it runs under the mapping's lock.
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

  private final LongUpDownCounter openStreams;
  private final DoubleHistogram streamDuration;
  private final DoubleHistogram timeToFirstEvent;
  private final LongCounter events;
  private final DoubleHistogram eventGap;
  private final LongHistogram eventSize;
  private final LongCounter heartbeats;
  private final LongCounter alerts;
  private final LongCounter telemetryDropped;

  private final int maxAlertRoutes;
  private final Set<String> alertRoutes = new HashSet<>();

  SseMetrics(Meter meter, int maxAlertRoutes) {
    this.maxAlertRoutes = maxAlertRoutes;
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

  /** The attributes of a stream's time series: its source and route. */
  static Attributes streamAttributes(StreamSource source, String route) {
    AttributesBuilder b = Attributes.builder().put(SseAttributes.SOURCE, source.wireName());
    if (route != null) {
      b.put(HttpAttributes.HTTP_ROUTE, route);
    }
    return b.build();
  }

  /** A stream whose headers were seen. */
  void streamOpened(Attributes stream) {
    openStreams.add(1, stream);
  }

  /** A stream that ended, or that the mapping stopped tracking. */
  void streamClosed(Attributes stream) {
    openStreams.add(-1, stream);
  }

  /**
   * An SSE event: counted by type, its size and gap recorded. {@code stream} is the stream's
   * attributes, or null when its start was not seen.
   */
  void event(EventRecord e, Attributes stream) {
    AttributesBuilder counted = Attributes.builder().put(SseAttributes.EVENT_TYPE, e.type());
    if (stream != null) {
      counted.putAll(stream);
    }
    events.add(1, counted.build());
    Attributes recorded = stream == null ? Attributes.empty() : stream;
    eventSize.record(e.dataBytes(), recorded);
    if (e.gapSincePreviousEventNanos() >= 0) {
      eventGap.record(Nanos.seconds(e.gapSincePreviousEventNanos()), recorded);
    }
  }

  /** Counts the heartbeats a tracked stream reports beyond those already counted. */
  void heartbeats(OpenStreams.OpenStream s, long total) {
    long delta = total - s.heartbeatsCounted;
    if (delta > 0) {
      heartbeats.add(delta, s.metricAttributes);
      s.heartbeatsCounted = total;
    }
  }

  /** Heartbeats of a stream that was not tracked, all counted at its end. */
  void heartbeats(long count, Attributes stream) {
    if (count > 0) {
      heartbeats.add(count, stream);
    }
  }

  /** Records core's dispatcher dropped ({@code telemetry_dropped}). */
  void droppedByCore(long records) {
    telemetryDropped.add(records);
  }

  /** Spans and log records an exporter skipped while its endpoint kept failing. */
  void droppedByExporter(long records) {
    telemetryDropped.add(records, EXPORTER_PAUSED);
  }

  /** An ended stream's duration and time to first event. */
  void streamEnded(StreamEnd e, Attributes stream) {
    streamDuration.record(Nanos.seconds(e.durationNanos()), stream);
    if (e.timeToFirstEventNanos() >= 0) {
      timeToFirstEvent.record(Nanos.seconds(e.timeToFirstEventNanos()), stream);
    }
  }

  /** Adds {@code n} alerts of this kind and severity to {@code sse.alerts}. */
  void alerts(Alert alert, String route, long n) {
    AttributesBuilder counted =
        Attributes.builder()
            .put(SseAttributes.ALERT_KIND, alert.kind().wireName())
            .put(SseAttributes.ALERT_SEVERITY, alert.severity().wireName());
    if (route != null) {
      counted.put(HttpAttributes.HTTP_ROUTE, alertCounterRoute(route));
    }
    alerts.add(n, counted.build());
  }

  /**
   * The route as the {@code sse.alerts} counter carries it. The agent's routes are URL paths, so
   * their number is unbounded: the first {@code maxAlertRoutes} distinct routes are kept, later
   * ones fold into {@link SseTelemetryMapping#OTHER_ROUTE}, which keeps the counter's series
   * bounded whatever the traffic. The log record keeps the exact route.
   */
  private String alertCounterRoute(String route) {
    if (alertRoutes.contains(route)) {
      return route;
    }
    if (alertRoutes.size() < maxAlertRoutes) {
      alertRoutes.add(route);
      return route;
    }
    return SseTelemetryMapping.OTHER_ROUTE;
  }
}
