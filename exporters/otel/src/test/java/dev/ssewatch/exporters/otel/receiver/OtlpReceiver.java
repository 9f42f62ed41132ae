package dev.ssewatch.exporters.otel.receiver;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the OTLP test receivers share: everything received, kept both raw and decoded with
 * opentelemetry-proto, so tests can assert on spans, metrics and log records, and search every byte
 * for what must never be exported.
 */
public abstract class OtlpReceiver implements AutoCloseable {

  /** Stops the receiver; never throws. */
  @Override
  public abstract void close();

  private final List<ReceivedPayload> payloads = new CopyOnWriteArrayList<>();
  private final List<ExportTraceServiceRequest> traces = new CopyOnWriteArrayList<>();
  private final List<ExportMetricsServiceRequest> metrics = new CopyOnWriteArrayList<>();
  private final List<ExportLogsServiceRequest> logs = new CopyOnWriteArrayList<>();

  /** The port bound on 127.0.0.1. */
  public abstract int port();

  /** The base URL to give an exporter, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** Every request received, in arrival order. */
  public List<ReceivedPayload> payloads() {
    return List.copyOf(payloads);
  }

  /** The raw bodies of every request received. */
  public List<byte[]> rawPayloads() {
    return payloads.stream().map(ReceivedPayload::body).toList();
  }

  /** Every request decoded to protobuf text format. */
  public List<String> decodedPayloads() {
    return payloads.stream().map(ReceivedPayload::decoded).toList();
  }

  public List<Span> spans() {
    List<Span> out = new ArrayList<>();
    traces.forEach(
        r ->
            r.getResourceSpansList()
                .forEach(
                    rs -> rs.getScopeSpansList().forEach(ss -> out.addAll(ss.getSpansList()))));
    return out;
  }

  public List<Metric> metrics() {
    List<Metric> out = new ArrayList<>();
    metrics.forEach(
        r ->
            r.getResourceMetricsList()
                .forEach(
                    rm -> rm.getScopeMetricsList().forEach(sm -> out.addAll(sm.getMetricsList()))));
    return out;
  }

  public List<LogRecord> logRecords() {
    List<LogRecord> out = new ArrayList<>();
    logs.forEach(
        r ->
            r.getResourceLogsList()
                .forEach(
                    rl -> rl.getScopeLogsList().forEach(sl -> out.addAll(sl.getLogRecordsList()))));
    return out;
  }

  public List<ExportTraceServiceRequest> traceRequests() {
    return List.copyOf(traces);
  }

  /**
   * Decodes and stores one request. {@code signal} is {@code traces}, {@code metrics} or {@code
   * logs}; returns false for anything else or an undecodable body.
   */
  protected final boolean accept(String path, String signal, byte[] body) {
    String decoded;
    try {
      switch (signal) {
        case "traces" -> {
          ExportTraceServiceRequest r = ExportTraceServiceRequest.parseFrom(body);
          traces.add(r);
          decoded = r.toString();
        }
        case "metrics" -> {
          ExportMetricsServiceRequest r = ExportMetricsServiceRequest.parseFrom(body);
          metrics.add(r);
          decoded = r.toString();
        }
        case "logs" -> {
          ExportLogsServiceRequest r = ExportLogsServiceRequest.parseFrom(body);
          logs.add(r);
          decoded = r.toString();
        }
        default -> {
          payloads.add(new ReceivedPayload(path, body, ""));
          return false;
        }
      }
    } catch (InvalidProtocolBufferException e) {
      payloads.add(new ReceivedPayload(path, body, ""));
      return false;
    }
    payloads.add(new ReceivedPayload(path, body, decoded));
    return true;
  }
}
