package dev.ssewatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.exporters.azuremonitor.receiver.IngestionEndpoint;
import dev.ssewatch.exporters.eventhubs.receiver.AmqpEventHubPeer;
import dev.ssewatch.exporters.eventhubs.receiver.ReceivedEvent;
import dev.ssewatch.exporters.otel.receiver.OtlpGrpcReceiver;
import dev.ssewatch.exporters.otel.receiver.OtlpHttpReceiver;
import dev.ssewatch.exporters.otel.receiver.OtlpReceiver;
import dev.ssewatch.exporters.otel.receiver.ReceivedPayload;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * One loopback receiver per exporter (OTLP over http/protobuf or gRPC, Application Insights
 * ingestion, an AMQP event hub, a JSON-lines file), the settings that point all four exporters at
 * them, and the checks: every stream arrived everywhere, and no forbidden string is in any payload.
 */
final class AllReceivers implements AutoCloseable {

  /** Every exporter there is, as {@code ssewatch.exporters} names them. */
  static final List<String> ALL = List.of("jsonl", "otlp", "azure-monitor", "event-hubs");

  private static final Pattern STREAM_ID = Pattern.compile("\"stream_id\":\"([^\"]+)\"");
  private static final Pattern RECORD = Pattern.compile("\"record\":\"([^\"]+)\"");

  final OtlpReceiver otlp;
  private final String otlpProtocol;
  final IngestionEndpoint applicationInsights = IngestionEndpoint.start();
  final AmqpEventHubPeer eventHub = AmqpEventHubPeer.start("telemetry");
  final Path jsonl;
  private final List<String> exporters;

  /**
   * Receivers for {@code exporters}, a subset of {@link #ALL}, OTLP over http/protobuf; the JSON
   * lines go under {@code dir}.
   */
  AllReceivers(Path dir, List<String> exporters) {
    this(dir, exporters, "http/protobuf");
  }

  /** As above, OTLP over {@code otlpProtocol}: {@code http/protobuf} or {@code grpc}. */
  AllReceivers(Path dir, List<String> exporters, String otlpProtocol) {
    this.otlpProtocol = otlpProtocol;
    this.otlp =
        switch (otlpProtocol) {
          case "http/protobuf" -> OtlpHttpReceiver.start();
          case "grpc" -> OtlpGrpcReceiver.start();
          default -> throw new IllegalArgumentException(otlpProtocol);
        };
    this.jsonl = dir.resolve("telemetry.jsonl");
    this.exporters = List.copyOf(exporters);
  }

  private boolean on(String exporter) {
    return exporters.contains(exporter);
  }

  /** The {@code ssewatch.*} settings sending to every receiver, per-event export on everywhere. */
  Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("ssewatch.exporters", String.join(",", exporters));
    s.put("ssewatch.jsonl.path", jsonl.toString());
    s.put("ssewatch.otlp.endpoint", otlp.endpoint());
    s.put("ssewatch.otlp.protocol", otlpProtocol);
    s.put("ssewatch.otlp.events", "true");
    s.put("ssewatch.otlp.metric-interval", "1s");
    s.put("ssewatch.azure-monitor.connection-string", applicationInsights.connectionString());
    s.put("ssewatch.azure-monitor.events", "true");
    s.put("ssewatch.azure-monitor.metric-interval", "1s");
    s.put("ssewatch.event-hubs.connection-string", eventHub.connectionString());
    // The default 500 ms lets a shutdown on a loaded machine close the AMQP link under a batch
    // still in flight, and that stream's records never arrive; these tests are about what the
    // records contain, so they give the last sends time (still inside core's 5 s shutdown budget).
    s.put("ssewatch.event-hubs.shutdown-timeout", "2s");
    return s;
  }

  /** The JSON-lines file's lines (none before it exists). */
  List<String> jsonlLines() {
    try {
      return Files.exists(jsonl)
          ? Files.readAllLines(jsonl, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList()
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until the JSON-lines file holds {@code count} stream starts; returns stream id → target.
   */
  Map<String, String> awaitJsonlStreams(int count) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> assertThat(jsonlStreams()).as("streams in the JSON lines").hasSize(count));
    return jsonlStreams();
  }

  /** Stream id → the target of its {@code stream_start}, from the JSON-lines file. */
  Map<String, String> jsonlStreams() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : jsonlLines()) {
      if ("stream_start".equals(field(RECORD, line))) {
        Matcher url = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(line);
        out.put(field(STREAM_ID, line), url.find() ? url.group(1) : "");
      }
    }
    return out;
  }

  private static String field(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? m.group(1) : null;
  }

  private long jsonlCount(String streamId, String record) {
    return jsonlLines().stream()
        .filter(l -> streamId.equals(field(STREAM_ID, l)) && record.equals(field(RECORD, l)))
        .count();
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    return attributes.stream()
        .filter(kv -> kv.getKey().equals(key))
        .map(kv -> kv.getValue().getStringValue())
        .findFirst()
        .orElse(null);
  }

  /**
   * Waits until every receiver holds the whole of each stream: its start and end, and {@code
   * events} event records, so the search that follows is over real traffic.
   */
  void awaitStreams(List<String> streamIds, int events) {
    await()
        .atMost(Duration.ofSeconds(40))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(
            () -> {
              for (String id : streamIds) {
                assertThat(jsonlCount(id, "stream_start")).as("jsonl starts of %s", id).isOne();
                assertThat(jsonlCount(id, "event")).as("jsonl events of %s", id).isEqualTo(events);
                assertThat(jsonlCount(id, "stream_end")).as("jsonl ends of %s", id).isOne();

                if (on("otlp")) {
                  // The stream's own span; a proxied stream also has the client span of its
                  // backend call, named in the traceparent the proxy sent.
                  List<Span> spans =
                      otlp.spans().stream()
                          .filter(
                              sp -> id.equals(attribute(sp.getAttributesList(), "sse.stream.id")))
                          .filter(sp -> sp.getKind() == Span.SpanKind.SPAN_KIND_SERVER)
                          .toList();
                  assertThat(spans).as("OTLP spans of %s", id).hasSize(1);
                  List<LogRecord> logs =
                      otlp.logRecords().stream()
                          .filter(l -> id.equals(attribute(l.getAttributesList(), "sse.stream.id")))
                          .filter(
                              l ->
                                  l.getAttributesList().stream()
                                      .anyMatch(kv -> kv.getKey().equals("sse.event.seq")))
                          .toList();
                  assertThat(logs).as("OTLP event log records of %s", id).hasSize(events);
                }
                if (on("event-hubs")) {
                  List<ReceivedEvent> hubEvents =
                      eventHub.events().stream().filter(e -> id.equals(e.partitionKey())).toList();
                  assertThat(hubEvents)
                      .as("Event Hubs events of %s", id)
                      .filteredOn(
                          e ->
                              "event".equals(String.valueOf(e.properties().get("ssewatch.record"))))
                      .hasSize(events);
                  assertThat(hubEvents)
                      .as("Event Hubs stream_end of %s", id)
                      .anyMatch(
                          e ->
                              "stream_end"
                                  .equals(String.valueOf(e.properties().get("ssewatch.record"))));
                }
                if (on("azure-monitor")) {
                  assertThat(applicationInsights.payloads())
                      .as("Application Insights payloads naming %s", id)
                      .anyMatch(p -> p.contains(id));
                }
              }
              if (on("azure-monitor")) {
                assertThat(applicationInsights.items("RequestData"))
                    .as("Application Insights requests")
                    .hasSizeGreaterThanOrEqualTo(streamIds.size());
                assertThat(applicationInsights.items("MessageData"))
                    .as("Application Insights per-event traces")
                    .hasSizeGreaterThanOrEqualTo(streamIds.size() * events);
              }
            });
    // The secrets were sent, and arrived redacted rather than not at all.
    assertThat(jsonlLines()).anyMatch(l -> l.contains(Redactor.MARKER));
    everything()
        .forEach(
            (receiver, payloads) ->
                assertThat(payloads)
                    .as("%s payloads showing redaction", receiver)
                    .anyMatch(p -> p.contains(Redactor.MARKER)));
  }

  /**
   * Every payload the enabled exporters' receivers got, by exporter; the JSON-lines file counts as
   * one.
   */
  Map<String, List<ReceivedPayload>> everything() {
    Map<String, List<ReceivedPayload>> out = new LinkedHashMap<>();
    out.put("otlp", otlp.payloads());
    out.put("azure-monitor", applicationInsights.payloads());
    List<ReceivedPayload> hub = new ArrayList<>(eventHub.payloads());
    for (ReceivedEvent e : eventHub.events()) {
      hub.add(
          new ReceivedPayload(
              "event " + e.partitionKey(),
              e.body(),
              e.properties() + " " + e.contentType() + " " + e.bodyText()));
    }
    out.put("event-hubs", hub);
    try {
      byte[] file = Files.exists(jsonl) ? Files.readAllBytes(jsonl) : new byte[0];
      out.put(
          "jsonl",
          List.of(new ReceivedPayload("jsonl", file, new String(file, StandardCharsets.UTF_8))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.keySet().retainAll(exporters);
    return out;
  }

  /**
   * Fails naming every receiver and forbidden string found, if any forbidden string is anywhere.
   */
  void assertNoneContains(Map<String, String> forbidden) {
    SoftAssertions softly = new SoftAssertions();
    everything()
        .forEach(
            (receiver, payloads) -> {
              softly.assertThat(payloads).as("payloads received by %s", receiver).isNotEmpty();
              forbidden.forEach(
                  (what, secret) ->
                      softly
                          .assertThat(payloads)
                          .as("%s payloads containing the %s", receiver, what)
                          .noneMatch(p -> p.contains(secret)));
            });
    softly.assertAll();
  }

  @Override
  public void close() {
    otlp.close();
    applicationInsights.close();
    eventHub.close();
  }
}
