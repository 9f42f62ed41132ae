package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OTLP sink's settings. Each {@code ssewatch.otlp.*} key falls back to the standard {@code
 * OTEL_*} variable it mirrors, then to the OpenTelemetry default.
 *
 * @param protocol {@code http/protobuf} or {@code grpc}
 * @param endpoint base URL; for http/protobuf the signal paths {@code /v1/traces}, {@code
 *     /v1/metrics}, {@code /v1/logs} are appended
 * @param headers sent with every export (often credentials: never logged)
 * @param serviceName the {@code service.name} resource attribute
 * @param resourceAttributes further resource attributes
 * @param timeout bound on one export
 * @param shutdownTimeout bound on flush, and separately on shutdown: kept well under the export
 *     timeout because core gives all exporters together 5 s to flush and shut down, one after
 *     another
 * @param queueSize spans, and separately log records, held while the endpoint is slow; more are
 *     dropped and counted
 * @param metricInterval how often metrics are exported
 * @param exportEvents whether each SSE event becomes a log record
 * @param maxOpenStreams streams tracked between start and end
 * @param longStreamThreshold streams at least this long are marked {@code sse.long_stream}
 */
public record OtlpConfig(
    String protocol,
    String endpoint,
    Map<String, String> headers,
    String serviceName,
    Map<String, String> resourceAttributes,
    Duration timeout,
    Duration shutdownTimeout,
    int queueSize,
    Duration metricInterval,
    boolean exportEvents,
    int maxOpenStreams,
    Duration longStreamThreshold) {

  public static final String HTTP_PROTOBUF = "http/protobuf";
  public static final String GRPC = "grpc";

  static final String PROTOCOL = "ssewatch.otlp.protocol";
  static final String ENDPOINT = "ssewatch.otlp.endpoint";
  static final String HEADERS = "ssewatch.otlp.headers";
  static final String SERVICE_NAME = "ssewatch.otlp.service-name";
  static final String RESOURCE_ATTRIBUTES = "ssewatch.otlp.resource-attributes";
  static final String TIMEOUT = "ssewatch.otlp.timeout";
  static final String SHUTDOWN_TIMEOUT = "ssewatch.otlp.shutdown-timeout";

  /**
   * Default bound on flush and on shutdown. Core's dispatcher flushes and then shuts down every
   * exporter in turn within 5 s in all: three exporters at twice this take 3 s at worst.
   */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMillis(500);

  static final String QUEUE_SIZE = "ssewatch.otlp.queue-size";
  static final String METRIC_INTERVAL = "ssewatch.otlp.metric-interval";
  static final String EVENTS = "ssewatch.otlp.events";
  static final String MAX_OPEN_STREAMS = "ssewatch.otlp.max-open-streams";
  static final String LONG_STREAM_THRESHOLD = "ssewatch.otlp.long-stream-threshold";

  /** Read through {@link Settings}, whose environment lookup maps these to OTEL_* variables. */
  static final String OTEL_PROTOCOL = "otel.exporter.otlp.protocol";

  static final String OTEL_ENDPOINT = "otel.exporter.otlp.endpoint";
  static final String OTEL_HEADERS = "otel.exporter.otlp.headers";
  static final String OTEL_SERVICE_NAME = "otel.service.name";
  static final String OTEL_RESOURCE_ATTRIBUTES = "otel.resource.attributes";

  public OtlpConfig {
    headers = Map.copyOf(headers);
    resourceAttributes = Map.copyOf(resourceAttributes);
  }

  /** Reads and validates the settings; a bad value throws {@link SettingsException}. */
  public static OtlpConfig from(Settings s) {
    String protocolKey = s.get(PROTOCOL) != null ? PROTOCOL : OTEL_PROTOCOL;
    String protocol = s.choice(protocolKey, HTTP_PROTOBUF, List.of(HTTP_PROTOBUF, GRPC));
    String endpointKey = s.get(ENDPOINT) != null ? ENDPOINT : OTEL_ENDPOINT;
    String endpoint =
        s.get(
            endpointKey, GRPC.equals(protocol) ? "http://localhost:4317" : "http://localhost:4318");
    validateEndpoint(endpointKey, endpoint);
    String headersKey = s.get(HEADERS) != null ? HEADERS : OTEL_HEADERS;
    Map<String, String> headers = parsePairs(headersKey, s.get(headersKey, ""), false);
    String resourceKey =
        s.get(RESOURCE_ATTRIBUTES) != null ? RESOURCE_ATTRIBUTES : OTEL_RESOURCE_ATTRIBUTES;
    Map<String, String> resource = parsePairs(resourceKey, s.get(resourceKey, ""), true);
    String serviceName =
        s.get(
            SERVICE_NAME,
            s.get(OTEL_SERVICE_NAME, resource.getOrDefault("service.name", "ssewatch")));
    Duration timeout = s.duration(TIMEOUT, Duration.ofSeconds(10));
    if (timeout.isZero() || timeout.isNegative()) {
      throw new SettingsException(TIMEOUT, "must be positive");
    }
    Duration shutdownTimeout = s.duration(SHUTDOWN_TIMEOUT, DEFAULT_SHUTDOWN_TIMEOUT);
    if (shutdownTimeout.isZero() || shutdownTimeout.isNegative()) {
      throw new SettingsException(SHUTDOWN_TIMEOUT, "must be positive");
    }
    Duration interval = s.duration(METRIC_INTERVAL, Duration.ofSeconds(60));
    if (interval.toMillis() < 100) {
      throw new SettingsException(METRIC_INTERVAL, "must be at least 100ms");
    }
    return new OtlpConfig(
        protocol,
        endpoint,
        headers,
        serviceName,
        resource,
        timeout,
        shutdownTimeout,
        s.intValue(QUEUE_SIZE, 2048, 16, 1_000_000),
        interval,
        s.bool(EVENTS, true),
        s.intValue(MAX_OPEN_STREAMS, 10_000, 1, 10_000_000),
        s.duration(LONG_STREAM_THRESHOLD, Duration.ofSeconds(30)));
  }

  /** The URL a signal is posted to: with http/protobuf the base gets the signal's path. */
  String signalEndpoint(String signalPath) {
    if (GRPC.equals(protocol)) {
      return endpoint;
    }
    return (endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint)
        + signalPath;
  }

  private static void validateEndpoint(String key, String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(key, "not a URL: '" + endpoint + "'");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new SettingsException(
          key, "expected an http:// or https:// URL, got '" + endpoint + "'");
    }
    if (uri.getHost() == null) {
      throw new SettingsException(key, "URL has no host: '" + endpoint + "'");
    }
  }

  /**
   * {@code k1=v1,k2=v2} with percent-encoded values, as OTEL_EXPORTER_OTLP_HEADERS and
   * OTEL_RESOURCE_ATTRIBUTES take. Error messages never quote a value: headers carry credentials.
   */
  static Map<String, String> parsePairs(String key, String text, boolean resource) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new SettingsException(
            key, "expected comma-separated name=value pairs" + (resource ? "" : " (value hidden)"));
      }
      String name = p.substring(0, eq).trim();
      String value;
      try {
        value = URLDecoder.decode(p.substring(eq + 1).trim(), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new SettingsException(key, "bad percent-encoding in the value of '" + name + "'");
      }
      out.put(name, value);
    }
    return out;
  }

  @Override
  public String toString() {
    // Header values are credentials more often than not.
    return "OtlpConfig[protocol="
        + protocol
        + ", endpoint="
        + endpoint
        + ", headers="
        + headers.keySet()
        + ", serviceName="
        + serviceName
        + ", timeout="
        + timeout
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", queueSize="
        + queueSize
        + "]";
  }
}
