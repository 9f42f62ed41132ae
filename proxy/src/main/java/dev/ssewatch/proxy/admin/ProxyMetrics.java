package dev.ssewatch.proxy.admin;

import dev.ssewatch.core.risk.AlertKind;
import dev.ssewatch.core.telemetry.AlertRecord;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.EventRecord;
import dev.ssewatch.core.telemetry.ExporterHealth;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The proxy's counters. The forwarding engine counts what it does itself (requests, bytes,
 * heartbeats, closes); the rest is counted from the telemetry records on their way to the
 * dispatcher ({@link #counting}), so {@code /metrics} and the exported telemetry agree.
 */
public final class ProxyMetrics {

  final LongAdder requests = new LongAdder();
  final LongAdder rejected = new LongAdder();
  final LongAdder backendFailures = new LongAdder();
  final LongAdder openExchanges = new LongAdder();
  final LongAdder openStreams = new LongAdder();
  final LongAdder streams = new LongAdder();
  final LongAdder bytes = new LongAdder();
  final LongAdder heartbeats = new LongAdder();
  final LongAdder events = new LongAdder();
  final Map<CloseReason, LongAdder> closes = new EnumMap<>(CloseReason.class);
  final Map<AlertKind, LongAdder> alerts = new EnumMap<>(AlertKind.class);
  final Histogram timeToFirstEvent =
      new Histogram(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
  final Histogram eventGap =
      new Histogram(0.001, 0.01, 0.1, 0.5, 1, 5, 15, 30, 60, 120, 180, 240, 300);

  /**
   * Alerts by rule and severity ({@code rule + '\n' + severity}): every alert raised, whether the
   * dispatcher exported it or counted it into a summary. Rules are a fixed set named by the
   * detectors, so the series stay few.
   */
  final Map<String, LongAdder> alertRules = new ConcurrentHashMap<>();

  private volatile LongSupplier telemetryDropped = () -> 0;
  private volatile LongSupplier alertsGrouped = () -> 0;
  private volatile LongSupplier alertsUngrouped = () -> 0;
  final LongAdder connectionsRefused = new LongAdder();
  final LongAdder acceptErrors = new LongAdder();
  final LongAdder eventLoopErrors = new LongAdder();
  final Map<ClientTimeout, LongAdder> clientTimeouts = new EnumMap<>(ClientTimeout.class);
  final LongAdder adminRefusedHost = new LongAdder();
  final LongAdder adminRefusedToken = new LongAdder();
  final Map<TlsFailure, LongAdder> backendTlsFailures = new EnumMap<>(TlsFailure.class);
  private volatile IntSupplier openConnections = () -> 0;
  private volatile Supplier<List<ExporterHealth>> exporterHealth = List::of;

  /** Which client timeout ended a connection. */
  public enum ClientTimeout {
    REQUEST_HEAD("request_head"),
    KEEP_ALIVE("keep_alive"),
    REQUEST_BODY("request_body");

    private final String wireName;

    ClientTimeout(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** What a backend's TLS verification failed on. */
  public enum TlsFailure {
    NOT_TRUSTED("not_trusted", "certificate not trusted"),
    NAME_MISMATCH("name_mismatch", "certificate name mismatch"),
    EXPIRED("expired", "certificate expired"),
    NOT_YET_VALID("not_yet_valid", "certificate not yet valid"),
    OTHER("other", "TLS handshake failed");

    private final String wireName;
    private final String description;

    TlsFailure(String wireName, String description) {
      this.wireName = wireName;
      this.description = description;
    }

    public String wireName() {
      return wireName;
    }

    /** A few words for logs, error responses and telemetry. */
    public String description() {
      return description;
    }
  }

  private volatile String transport = "nio";

  public ProxyMetrics() {
    for (CloseReason r : CloseReason.values()) {
      closes.put(r, new LongAdder());
    }
    for (AlertKind k : AlertKind.values()) {
      alerts.put(k, new LongAdder());
    }
    for (ClientTimeout t : ClientTimeout.values()) {
      clientTimeouts.put(t, new LongAdder());
    }
    for (TlsFailure f : TlsFailure.values()) {
      backendTlsFailures.put(f, new LongAdder());
    }
  }

  /** A consumer that counts each record, then hands it to {@code next}. */
  public Consumer<TelemetryRecord> counting(Consumer<TelemetryRecord> next) {
    return record -> {
      count(record);
      next.accept(record);
    };
  }

  void count(TelemetryRecord record) {
    if (record instanceof EventRecord e) {
      events.increment();
      eventGap.observeNanos(e.gapSincePreviousEventNanos());
    } else if (record instanceof AlertRecord a) {
      alerts.get(a.alert().kind()).increment();
      alertRules
          .computeIfAbsent(
              a.alert().rule() + '\n' + a.alert().severity().wireName(), k -> new LongAdder())
          .increment();
    } else if (record instanceof StreamEnd end && end.eventStream()) {
      timeToFirstEvent.observeNanos(end.timeToFirstEventNanos());
    }
  }

  public void telemetryDropped(LongSupplier dropped) {
    this.telemetryDropped = dropped;
  }

  /**
   * Where the dispatcher's alert grouping counts: alerts counted into a summary instead of
   * exported, and alerts exported ungrouped because too many causes were being grouped.
   */
  public void alertGrouping(LongSupplier grouped, LongSupplier ungrouped) {
    this.alertsGrouped = grouped;
    this.alertsUngrouped = ungrouped;
  }

  /** Where each exporter's records and state come from (the dispatcher's sinks). */
  public void exporterHealth(Supplier<List<ExporterHealth>> health) {
    this.exporterHealth = health;
  }

  /** The I/O transport the proxy runs on, shown as {@code ssewatch_proxy_transport_info}. */
  public void transport(String name) {
    this.transport = name;
  }

  /** Where the number of open client connections comes from. */
  public void openConnections(IntSupplier open) {
    this.openConnections = open;
  }

  /** A connection closed at accept because the connection limit was reached. */
  public void connectionRefused() {
    connectionsRefused.increment();
  }

  /** Accepting a connection failed (out of descriptors or memory). */
  public void acceptError() {
    acceptErrors.increment();
  }

  /** An event loop caught an error that would have ended it. */
  public void eventLoopError() {
    eventLoopErrors.increment();
  }

  public long eventLoopErrors() {
    return eventLoopErrors.sum();
  }

  public void clientTimeout(ClientTimeout t) {
    clientTimeouts.get(t).increment();
  }

  /** The admin listener refused a request for its {@code Host} ({@code host}) or its token. */
  public void adminRefused(boolean host) {
    (host ? adminRefusedHost : adminRefusedToken).increment();
  }

  public void backendTlsFailure(TlsFailure f) {
    backendTlsFailures.get(f).increment();
  }

  public int openConnections() {
    return openConnections.getAsInt();
  }

  public long connectionsRefused() {
    return connectionsRefused.sum();
  }

  public long acceptErrors() {
    return acceptErrors.sum();
  }

  public long clientTimeouts(ClientTimeout t) {
    return clientTimeouts.get(t).sum();
  }

  public void requestStarted() {
    requests.increment();
    openExchanges.increment();
  }

  public void requestRejected() {
    rejected.increment();
  }

  public void backendFailed() {
    backendFailures.increment();
  }

  public void streamStarted() {
    streams.increment();
    openStreams.increment();
  }

  /** An exchange begun with {@link #requestStarted} ended. */
  public void exchangeEnded(CloseReason reason, boolean eventStream) {
    openExchanges.decrement();
    if (eventStream) {
      openStreams.decrement();
    }
    closes.get(reason).increment();
  }

  public void bytes(long n) {
    bytes.add(n);
  }

  public void heartbeat() {
    heartbeats.increment();
  }

  public long openExchanges() {
    return openExchanges.sum();
  }

  public long openStreams() {
    return openStreams.sum();
  }

  public long heartbeats() {
    return heartbeats.sum();
  }

  public long events() {
    return events.sum();
  }

  /** The Prometheus text exposition (version 0.0.4) of every metric. */
  public String prometheus() {
    StringBuilder b = new StringBuilder(4096);
    counter(b, "ssewatch_proxy_requests_total", "Requests received from clients.", requests);
    counter(
        b,
        "ssewatch_proxy_requests_rejected_total",
        "Requests answered by the proxy itself: malformed, refused or unrouted.",
        rejected);
    counter(
        b,
        "ssewatch_proxy_backend_failures_total",
        "Backend connections that failed, timed out or broke before responding.",
        backendFailures);
    gauge(b, "ssewatch_proxy_open_exchanges", "Exchanges in progress.", openExchanges.sum());
    gauge(b, "ssewatch_proxy_open_streams", "Event streams in progress.", openStreams.sum());
    counter(b, "ssewatch_proxy_streams_total", "Event streams started.", streams);
    counter(b, "ssewatch_proxy_events_total", "SSE events forwarded.", events);
    counter(b, "ssewatch_proxy_bytes_total", "Response body bytes forwarded from backends.", bytes);
    counter(
        b,
        "ssewatch_proxy_heartbeats_total",
        "Heartbeat comments injected by the proxy.",
        heartbeats);
    b.append("# HELP ssewatch_proxy_closes_total Exchanges ended, by close reason.\n");
    b.append("# TYPE ssewatch_proxy_closes_total counter\n");
    for (Map.Entry<CloseReason, LongAdder> e : closes.entrySet()) {
      b.append("ssewatch_proxy_closes_total{reason=\"")
          .append(e.getKey().wireName())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    b.append("# HELP ssewatch_proxy_alerts_total Risk alerts raised, by kind.\n");
    b.append("# TYPE ssewatch_proxy_alerts_total counter\n");
    for (Map.Entry<AlertKind, LongAdder> e : alerts.entrySet()) {
      b.append("ssewatch_proxy_alerts_total{kind=\"")
          .append(e.getKey().wireName())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    b.append(
        "# HELP ssewatch_proxy_alert_rules_total Risk alerts raised, by rule and severity,"
            + " exported or summarised.\n");
    b.append("# TYPE ssewatch_proxy_alert_rules_total counter\n");
    for (Map.Entry<String, LongAdder> e : new TreeMap<>(alertRules).entrySet()) {
      int nl = e.getKey().indexOf('\n');
      b.append("ssewatch_proxy_alert_rules_total{rule=\"")
          .append(e.getKey(), 0, nl)
          .append("\",severity=\"")
          .append(e.getKey(), nl + 1, e.getKey().length())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    counter(
        b,
        "ssewatch_proxy_alerts_grouped_total",
        "Alerts counted into an alert_summary record instead of exported on their own.",
        alertsGrouped.getAsLong());
    counter(
        b,
        "ssewatch_proxy_alerts_ungrouped_total",
        "Alerts exported ungrouped because ssewatch.alerts.max-causes causes were being grouped.",
        alertsUngrouped.getAsLong());
    timeToFirstEvent.write(
        b,
        "ssewatch_proxy_time_to_first_event_seconds",
        "Request start to the first event, per ended event stream.");
    eventGap.write(
        b, "ssewatch_proxy_event_gap_seconds", "Time between consecutive events of a stream.");
    counter(
        b,
        "ssewatch_proxy_telemetry_dropped_total",
        "Telemetry records dropped because the export queue was full.",
        telemetryDropped.getAsLong());
    gauge(
        b,
        "ssewatch_proxy_open_connections",
        "Client connections open.",
        openConnections.getAsInt());
    counter(
        b,
        "ssewatch_proxy_connections_refused_total",
        "Client connections closed at accept because the connection limit was reached.",
        connectionsRefused);
    counter(
        b,
        "ssewatch_proxy_accept_errors_total",
        "Accepts that failed (out of file descriptors or memory); accepting pauses after each.",
        acceptErrors);
    b.append(
        "# HELP ssewatch_proxy_client_timeouts_total Client connections ended by a timeout.\n");
    b.append("# TYPE ssewatch_proxy_client_timeouts_total counter\n");
    for (Map.Entry<ClientTimeout, LongAdder> e : clientTimeouts.entrySet()) {
      b.append("ssewatch_proxy_client_timeouts_total{timeout=\"")
          .append(e.getKey().wireName())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    b.append("# HELP ssewatch_proxy_admin_refused_total Admin requests refused, by reason.\n");
    b.append("# TYPE ssewatch_proxy_admin_refused_total counter\n");
    b.append("ssewatch_proxy_admin_refused_total{reason=\"host\"} ")
        .append(adminRefusedHost.sum())
        .append('\n');
    b.append("ssewatch_proxy_admin_refused_total{reason=\"token\"} ")
        .append(adminRefusedToken.sum())
        .append('\n');
    b.append(
        "# HELP ssewatch_proxy_backend_tls_failures_total Backend TLS handshakes that failed, by"
            + " what failed.\n");
    b.append("# TYPE ssewatch_proxy_backend_tls_failures_total counter\n");
    for (Map.Entry<TlsFailure, LongAdder> e : backendTlsFailures.entrySet()) {
      b.append("ssewatch_proxy_backend_tls_failures_total{failure=\"")
          .append(e.getKey().wireName())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    exporters(b, exporterHealth.get());
    b.append("# HELP ssewatch_proxy_transport_info The I/O transport the proxy runs on.\n");
    b.append("# TYPE ssewatch_proxy_transport_info gauge\n");
    b.append("ssewatch_proxy_transport_info{transport=\"").append(transport).append("\"} 1\n");
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, LongAdder v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    b.append(name).append(' ').append(v.sum()).append('\n');
  }

  /** Every exporter's records by outcome and reason, and its state as one 1 among 0s. */
  private static void exporters(StringBuilder b, List<ExporterHealth> all) {
    if (all.isEmpty()) {
      return;
    }
    b.append(
        "# HELP ssewatch_exporter_records_total Telemetry records by exporter: sent, or failed or"
            + " dropped by reason.\n");
    b.append("# TYPE ssewatch_exporter_records_total counter\n");
    for (ExporterHealth h : all) {
      b.append("ssewatch_exporter_records_total{exporter=\"")
          .append(h.exporter())
          .append("\",outcome=\"sent\",reason=\"\"} ")
          .append(h.sent())
          .append('\n');
      for (ExporterHealth.Reason r : ExporterHealth.Reason.values()) {
        exporterRecords(b, h.exporter(), "failed", r, h.failed(r));
        exporterRecords(b, h.exporter(), "dropped", r, h.dropped(r));
      }
    }
    b.append(
        "# HELP ssewatch_exporter_state Each exporter's state: 1 for the current one (ok,"
            + " retrying, paused, refused).\n");
    b.append("# TYPE ssewatch_exporter_state gauge\n");
    for (ExporterHealth h : all) {
      ExporterHealth.State current = h.state();
      for (ExporterHealth.State st : ExporterHealth.State.values()) {
        b.append("ssewatch_exporter_state{exporter=\"")
            .append(h.exporter())
            .append("\",state=\"")
            .append(st.wireName())
            .append("\"} ")
            .append(st == current ? 1 : 0)
            .append('\n');
      }
    }
  }

  private static void exporterRecords(
      StringBuilder b, String exporter, String outcome, ExporterHealth.Reason reason, long v) {
    b.append("ssewatch_exporter_records_total{exporter=\"")
        .append(exporter)
        .append("\",outcome=\"")
        .append(outcome)
        .append("\",reason=\"")
        .append(reason.wireName())
        .append("\"} ")
        .append(v)
        .append('\n');
  }

  /** A counter read from elsewhere (the dispatcher's). */
  private static void counter(StringBuilder b, String name, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    b.append(name).append(' ').append(v).append('\n');
  }

  private static void gauge(StringBuilder b, String name, String help, long v) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" gauge\n");
    b.append(name).append(' ').append(v).append('\n');
  }
}
