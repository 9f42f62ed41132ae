package dev.ssewatch.cli;

import dev.ssewatch.core.config.Durations;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.proxy.DescriptorLimit;
import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.ProxyServer;
import dev.ssewatch.proxy.ProxySettings;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.Transport;
import dev.ssewatch.proxy.jvm.MemoryReturn;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ssewatch proxy}: the logging reverse proxy, until SIGTERM or Ctrl-C. */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Runs the logging reverse proxy in front of an SSE backend. Every request and response is"
          + " streamed through unbuffered; event streams are recorded as headers and per-event"
          + " metadata (never event data) and exported as telemetry (JSON lines by default).",
      "",
      "Each option can also be set as an ssewatch.* system property or SSEWATCH_* environment"
          + " variable (shown in brackets). Durations: 250ms, 15s, 4m, 1h.",
      ""
    },
    footer = {
      "",
      "Example:",
      "  java -jar ssewatch.jar proxy --listen 127.0.0.1:8080 --backend http://127.0.0.1:9000",
      "",
      "Admin endpoints: /healthz, /metrics (Prometheus), /streams (JSON). The proxy only ever"
          + " contacts the configured backends: absolute-form requests for other hosts and CONNECT"
          + " are refused."
    })
final class ProxyCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Where clients connect (default 127.0.0.1:8080) [ssewatch.proxy.listen].")
  String listen;

  @Option(
      names = "--backend",
      paramLabel = "URL",
      description =
          "The backend for every path: http://host:port or https://host:port"
              + " [ssewatch.proxy.backend]. Not needed with routes in --config.")
  String backend;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML file with several routes by path prefix, each with its backend and overrides"
              + " of the options below [ssewatch.proxy.config].")
  String config;

  @Option(
      names = "--heartbeat",
      paramLabel = "DURATION",
      description =
          "Inject an SSE comment after this long without anything sent to the client, only"
              + " between events; 0 turns it off (default 15s) [ssewatch.proxy.heartbeat].")
  String heartbeat;

  @Option(
      names = "--heartbeat-comment",
      paramLabel = "TEXT",
      description = "Text after the ':' of injected comments (default none).")
  String heartbeatComment;

  @Option(
      names = "--idle-budget",
      paramLabel = "DURATION",
      description =
          "Idle timeout of the tightest intermediary in front of clients, e.g. Azure Load"
              + " Balancer's 4 minutes (default 240s) [ssewatch.idle.budget]. TCP keepalive"
              + " starts at half of it.")
  String idleBudget;

  @Option(
      names = "--admin",
      paramLabel = "HOST:PORT",
      description =
          "Admin listener for /healthz, /metrics, /streams, or 'off' (default 127.0.0.1:9090)"
              + " [ssewatch.proxy.admin].")
  String admin;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      description = "Backend connect timeout; 502/504 after (default 5s).")
  String connectTimeout;

  @Option(
      names = "--response-headers-timeout",
      paramLabel = "DURATION",
      description = "The backend must start its response within this; 504 after (default 30s).")
  String responseHeadersTimeout;

  @Option(
      names = "--max-stream-duration",
      paramLabel = "DURATION",
      description =
          "End event streams cleanly, between events, after this long; 0 means never (default).")
  String maxStreamDuration;

  @Option(
      names = "--anti-buffering-headers",
      description =
          "Add 'Cache-Control: no-cache, no-transform' and 'X-Accel-Buffering: no' to event"
              + " streams, for intermediaries downstream.")
  Boolean antiBuffering;

  @Option(
      names = "--forwarded",
      paramLabel = "STYLE",
      description = "x-forwarded (X-Forwarded-For/-Proto/-Host, default) or forwarded (RFC 7239).")
  String forwarded;

  @Option(
      names = "--trace-context",
      paramLabel = "MODE",
      description =
          "propagate (default): send the backend a W3C traceparent naming the proxy's client span;"
              + " off: leave the request's trace headers as they came.")
  String traceContext;

  @Option(
      names = "--drain",
      paramLabel = "DURATION",
      description = "On SIGTERM, how long open streams may go on before they are closed (10s).")
  String drain;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate chain (with --tls-key).")
  String tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "PEM (PKCS#8) private key of --tls-cert.")
  String tlsKey;

  @Option(
      names = "--backend-ca",
      paramLabel = "FILE",
      description =
          "PEM CA certificates to verify HTTPS backends with (default: the JVM's trust store).")
  String backendCa;

  @Option(
      names = "--insecure-skip-backend-tls-verify",
      description =
          "DANGEROUS: accept any certificate from HTTPS backends, for tests against self-signed"
              + " servers only.")
  Boolean insecure;

  @Option(
      names = "--transport",
      paramLabel = "KIND",
      description =
          "I/O transport: auto (default: Netty's native epoll on Linux where it loads, NIO"
              + " elsewhere), epoll or nio [ssewatch.proxy.transport].")
  String transport;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Event-loop threads, like nginx's worker_processes (default: one per available"
              + " processor) [ssewatch.proxy.threads].")
  String threads;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description =
          "Client connections open at once; more are closed at accept (default 10000)"
              + " [ssewatch.proxy.max.connections].")
  String maxConnections;

  @Option(
      names = "--request-head-timeout",
      paramLabel = "DURATION",
      description =
          "Time a client has to send a complete request head; 408 after (default 30s)"
              + " [ssewatch.proxy.request.head.timeout].")
  String requestHeadTimeout;

  @Option(
      names = "--keep-alive-timeout",
      paramLabel = "DURATION",
      description =
          "Time a client connection may sit idle between requests (default 75s)"
              + " [ssewatch.proxy.keepalive.timeout]. Never applies to a response in progress.")
  String keepAliveTimeout;

  @Option(
      names = "--request-body-timeout",
      paramLabel = "DURATION",
      description =
          "Time between two reads of a request body before the response starts; 408 after"
              + " (default 60s) [ssewatch.proxy.request.body.timeout].")
  String requestBodyTimeout;

  @Option(
      names = "--admin-hosts",
      paramLabel = "NAMES",
      description =
          "Host names the admin listener answers besides its own address (and localhost on"
              + " loopback), comma-separated [ssewatch.proxy.admin.hosts].")
  String adminHosts;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description =
          "File holding a bearer token the admin listener requires (except /healthz); or set"
              + " SSEWATCH_PROXY_ADMIN_TOKEN [ssewatch.proxy.admin.token.file].")
  String adminTokenFile;

  @Option(
      names = "--tls-ciphers",
      paramLabel = "SUITES",
      description =
          "Cipher suites offered with --tls-cert, comma-separated IANA names (default: TLS 1.3's"
              + " and TLS 1.2's forward-secret AEAD suites) [ssewatch.proxy.tls.ciphers].")
  String tlsCiphers;

  @Option(
      names = "--memory-return",
      paramLabel = "BOOLEAN",
      description =
          "Give memory the proxy no longer uses back to the OS (default true): on G1, heap free"
              + " ratio 10-20 %% and a concurrent GC after 60s without one, unless those JVM flags"
              + " are set on the command line; the C heap trimmed after full GCs and every 60s"
              + " (glibc) [ssewatch.proxy.memory.return].")
  String memoryReturn;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    ProxyConfig cfg;
    Settings settings;
    boolean returnMemory;
    try {
      settings = ProxySettings.effective(settings());
      cfg = ProxySettings.load(settings);
      returnMemory = ProxySettings.memoryReturn(settings);
    } catch (SettingsException | IllegalArgumentException e) {
      err.println("ssewatch proxy: " + e.getMessage());
      return 2;
    }
    ProxyServer server;
    try {
      server = ProxyServer.builder(cfg).settings(settings).build().start();
    } catch (RuntimeException e) {
      err.println("ssewatch proxy: cannot start: " + e.getMessage());
      return 1;
    }
    MemoryReturn memory = returnMemory ? MemoryReturn.start() : null;
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              err.println(
                  "ssewatch proxy: shutting down, draining for " + Durations.format(cfg.drain()));
              err.flush();
              server.close();
              if (memory != null) {
                memory.close();
              }
              stopped.countDown();
            },
            "ssewatch-proxy-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println(
        "ssewatch proxy: listening on "
            + hostPort(server.address())
            + " ("
            + cfg.transport().wireName()
            + " transport"
            + (cfg.transport() == Transport.NIO && !Transport.EPOLL.isAvailable()
                ? "; epoll unavailable: " + Transport.EPOLL.unavailabilityCause()
                : "")
            + ")");
    for (Route r : cfg.routes()) {
      err.println(
          "  "
              + r.pathPrefix()
              + " -> "
              + r.backend()
              + (r.options().insecureSkipBackendVerification()
                  ? "  (WARNING: backend certificate NOT verified)"
                  : ""));
    }
    if (server.adminAddress() != null) {
      err.println(
          "  admin on http://"
              + hostPort(server.adminAddress())
              + "/metrics"
              + (cfg.adminAccess().token() != null ? " (token required)" : ""));
    }
    for (String warning : startupWarnings(cfg, server.adminAddress(), DescriptorLimit.current())) {
      err.println("  WARNING: " + warning);
    }
    err.println(
        "  "
            + cfg.eventLoopThreads()
            + " event-loop thread"
            + (cfg.eventLoopThreads() == 1 ? "" : "s")
            + ", at most "
            + cfg.limits().maxConnections()
            + " client connections");
    err.println(
        "  memory return: " + (memory == null ? "off (--memory-return false)" : memory.summary()));
    err.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }

  /**
   * What the operator should know at start: an admin listener reachable from elsewhere, a file
   * descriptor limit too low for the connection limit.
   */
  static List<String> startupWarnings(
      ProxyConfig cfg, java.net.InetSocketAddress admin, long descriptorLimit) {
    List<String> out = new ArrayList<>();
    if (admin != null && !admin.getAddress().isLoopbackAddress()) {
      out.add(
          "the admin listener is reachable beyond this machine ("
              + hostPort(admin)
              + "): /streams and the live page show every open stream's metadata"
              + (cfg.adminAccess().token() == null
                  ? "; set --admin-token-file or bind it to loopback"
                  : ""));
    }
    String fds = DescriptorLimit.warning(descriptorLimit, cfg.limits().maxConnections());
    if (fds != null) {
      out.add(fds);
    }
    return out;
  }

  private static String hostPort(java.net.InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  /** The flags as the highest-priority settings source. */
  private Settings settings() {
    Map<String, String> flags = new LinkedHashMap<>();
    put(flags, ProxySettings.LISTEN, listen);
    put(flags, ProxySettings.BACKEND, backend);
    put(flags, ProxySettings.CONFIG, config);
    put(flags, ProxySettings.HEARTBEAT, heartbeat);
    put(flags, ProxySettings.HEARTBEAT_COMMENT, heartbeatComment);
    put(flags, ProxySettings.IDLE_BUDGET, idleBudget);
    put(flags, ProxySettings.ADMIN, admin);
    put(flags, ProxySettings.CONNECT_TIMEOUT, connectTimeout);
    put(flags, ProxySettings.RESPONSE_HEADERS_TIMEOUT, responseHeadersTimeout);
    put(flags, ProxySettings.MAX_STREAM_DURATION, maxStreamDuration);
    put(
        flags,
        ProxySettings.ANTI_BUFFERING,
        antiBuffering == null ? null : antiBuffering.toString());
    put(flags, ProxySettings.FORWARDED, forwarded);
    put(flags, ProxySettings.TRACE_CONTEXT, traceContext);
    put(flags, ProxySettings.DRAIN, drain);
    put(flags, ProxySettings.TLS_CERT, tlsCert);
    put(flags, ProxySettings.TLS_KEY, tlsKey);
    put(flags, ProxySettings.BACKEND_CA, backendCa);
    put(flags, ProxySettings.BACKEND_INSECURE, insecure == null ? null : insecure.toString());
    put(flags, ProxySettings.TRANSPORT, transport);
    put(flags, ProxySettings.MEMORY_RETURN, memoryReturn);
    put(flags, ProxySettings.THREADS, threads);
    put(flags, ProxySettings.MAX_CONNECTIONS, maxConnections);
    put(flags, ProxySettings.REQUEST_HEAD_TIMEOUT, requestHeadTimeout);
    put(flags, ProxySettings.KEEP_ALIVE_TIMEOUT, keepAliveTimeout);
    put(flags, ProxySettings.REQUEST_BODY_TIMEOUT, requestBodyTimeout);
    put(flags, ProxySettings.ADMIN_HOSTS, adminHosts);
    put(flags, ProxySettings.ADMIN_TOKEN_FILE, adminTokenFile);
    put(flags, ProxySettings.TLS_CIPHERS, tlsCiphers);
    Settings s = Settings.load();
    for (Map.Entry<String, String> e : flags.entrySet()) {
      s = s.with(e.getKey(), e.getValue());
    }
    return s;
  }

  private static void put(Map<String, String> m, String key, String value) {
    if (value != null) {
      m.put(key, value);
    }
  }
}
