package dev.ssewatch.proxy;

import dev.ssewatch.core.config.Durations;
import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.proxy.RouteOptions.ForwardedStyle;
import dev.ssewatch.proxy.admin.AdminAccess;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Builds a {@link ProxyConfig} from {@code ssewatch.*} settings (command-line flags, system
 * properties, environment) and the optional YAML file. Precedence for each option: a route's own
 * YAML value, then settings, then the YAML file's top level, then the default.
 */
public final class ProxySettings {

  public static final String LISTEN = "ssewatch.proxy.listen";
  public static final String BACKEND = "ssewatch.proxy.backend";
  public static final String ADMIN = "ssewatch.proxy.admin";
  public static final String CONFIG = "ssewatch.proxy.config";
  public static final String HEARTBEAT = "ssewatch.proxy.heartbeat";
  public static final String HEARTBEAT_COMMENT = "ssewatch.proxy.heartbeat.comment";
  public static final String IDLE_BUDGET = "ssewatch.idle.budget";
  public static final String CONNECT_TIMEOUT = "ssewatch.proxy.connect.timeout";
  public static final String RESPONSE_HEADERS_TIMEOUT = "ssewatch.proxy.response.headers.timeout";
  public static final String MAX_STREAM_DURATION = "ssewatch.proxy.max.stream.duration";
  public static final String ANTI_BUFFERING = "ssewatch.proxy.anti.buffering.headers";
  public static final String FORWARDED = "ssewatch.proxy.forwarded";
  public static final String DRAIN = "ssewatch.proxy.drain";
  public static final String TLS_CERT = "ssewatch.proxy.tls.cert";
  public static final String TLS_KEY = "ssewatch.proxy.tls.key";
  public static final String BACKEND_CA = "ssewatch.proxy.backend.ca";
  public static final String BACKEND_INSECURE = "ssewatch.proxy.backend.insecure.skip.verify";
  public static final String TRANSPORT = "ssewatch.proxy.transport";
  public static final String MEMORY_RETURN = "ssewatch.proxy.memory.return";
  public static final String THREADS = "ssewatch.proxy.threads";
  public static final String REQUEST_HEAD_TIMEOUT = "ssewatch.proxy.request.head.timeout";
  public static final String KEEP_ALIVE_TIMEOUT = "ssewatch.proxy.keepalive.timeout";
  public static final String REQUEST_BODY_TIMEOUT = "ssewatch.proxy.request.body.timeout";
  public static final String MAX_CONNECTIONS = "ssewatch.proxy.max.connections";
  public static final String ACCEPT_FAILURE_GRACE = "ssewatch.proxy.accept.failure.grace";
  public static final String ADMIN_HOSTS = "ssewatch.proxy.admin.hosts";
  public static final String ADMIN_TOKEN_FILE = "ssewatch.proxy.admin.token.file";

  /**
   * The admin token itself; meant for the environment ({@code SSEWATCH_PROXY_ADMIN_TOKEN}), since a
   * system property shows in the process list. Not a YAML key.
   */
  public static final String ADMIN_TOKEN = "ssewatch.proxy.admin.token";

  public static final String TLS_CIPHERS = "ssewatch.proxy.tls.ciphers";
  public static final String TRACE_CONTEXT = "ssewatch.proxy.trace-context";

  /** YAML key (top level and per route) → settings key. */
  private static final Map<String, String> OPTION_KEYS = new LinkedHashMap<>();

  static {
    OPTION_KEYS.put("heartbeat", HEARTBEAT);
    OPTION_KEYS.put("heartbeat-comment", HEARTBEAT_COMMENT);
    OPTION_KEYS.put("idle-budget", IDLE_BUDGET);
    OPTION_KEYS.put("connect-timeout", CONNECT_TIMEOUT);
    OPTION_KEYS.put("response-headers-timeout", RESPONSE_HEADERS_TIMEOUT);
    OPTION_KEYS.put("max-stream-duration", MAX_STREAM_DURATION);
    OPTION_KEYS.put("anti-buffering-headers", ANTI_BUFFERING);
    OPTION_KEYS.put("forwarded", FORWARDED);
    OPTION_KEYS.put("backend-ca", BACKEND_CA);
    OPTION_KEYS.put("insecure-skip-backend-tls-verify", BACKEND_INSECURE);
  }

  private static final Set<String> TOP_LEVEL_ONLY =
      Set.of(
          "listen",
          "admin",
          "backend",
          "drain",
          "tls-cert",
          "tls-key",
          "transport",
          "memory-return",
          "threads",
          "request-head-timeout",
          "keep-alive-timeout",
          "request-body-timeout",
          "max-connections",
          "accept-failure-grace",
          "admin-hosts",
          "admin-token-file",
          "tls-ciphers",
          "trace-context",
          "routes");

  private ProxySettings() {}

  /**
   * The settings with the YAML file's top-level values filled in below every other source: what the
   * recorder should see too, so its idle budget is the proxy's.
   */
  public static Settings effective(Settings settings) {
    String file = settings.get(CONFIG);
    Map<String, Object> yaml = file == null || file.isBlank() ? Map.of() : readYaml(Path.of(file));
    for (String key : yaml.keySet()) {
      if (!TOP_LEVEL_ONLY.contains(key) && !OPTION_KEYS.containsKey(key)) {
        throw new SettingsException(CONFIG, "unknown key '" + key + "' in " + file);
      }
    }
    Settings s = settings;
    for (Map.Entry<String, String> e : topLevelKeys().entrySet()) {
      Object v = yaml.get(e.getKey());
      if (v != null && s.get(e.getValue()) == null) {
        s = s.with(e.getValue(), String.valueOf(v));
      }
    }
    return s;
  }

  /** The configuration the settings (and the YAML file they may name) describe. */
  public static ProxyConfig load(Settings settings) {
    String file = settings.get(CONFIG);
    Map<String, Object> yaml = file == null || file.isBlank() ? Map.of() : readYaml(Path.of(file));
    Settings s = effective(settings);
    RouteOptions defaults = options(s, Map.of(), "");
    ProxyConfig.Builder b =
        ProxyConfig.builder()
            .listen(address(LISTEN, s.get(LISTEN, "127.0.0.1:8080")))
            .drain(duration(s, Map.of(), "drain", DRAIN, ProxyConfig.DEFAULT_DRAIN, ""));
    b.transport(transport(s.get(TRANSPORT)));
    String admin = s.get(ADMIN, "127.0.0.1:9090");
    b.admin(admin.equalsIgnoreCase("off") ? null : address(ADMIN, admin));
    String cert = s.get(TLS_CERT);
    String key = s.get(TLS_KEY);
    if ((cert == null) != (key == null)) {
      throw new SettingsException(TLS_CERT, "--tls-cert and --tls-key go together");
    }
    if (cert != null) {
      b.serverTls(
          new ServerTls(Path.of(cert.trim()), Path.of(key.trim()), s.list(TLS_CIPHERS, List.of())));
    }
    b.threads(s.intValue(THREADS, 0, 0, 1024));
    b.propagateTraceContext(traceContext(s.get(TRACE_CONTEXT)));
    try {
      b.limits(
          new ClientLimits(
              s.duration(REQUEST_HEAD_TIMEOUT, ClientLimits.DEFAULT_REQUEST_HEAD_TIMEOUT),
              s.duration(KEEP_ALIVE_TIMEOUT, ClientLimits.DEFAULT_KEEP_ALIVE_TIMEOUT),
              s.duration(REQUEST_BODY_TIMEOUT, ClientLimits.DEFAULT_REQUEST_BODY_TIMEOUT),
              s.intValue(MAX_CONNECTIONS, ClientLimits.DEFAULT_MAX_CONNECTIONS, 1, 10_000_000),
              s.duration(
                  ACCEPT_FAILURE_GRACE, ClientLimits.DEFAULT_ACCEPT_PAUSED_UNHEALTHY_AFTER)));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(CONFIG, e.getMessage());
    }
    b.adminAccess(adminAccess(s));
    Object routes = yaml.get("routes");
    String backend = s.get(BACKEND);
    if (routes != null) {
      if (!(routes instanceof List<?> list) || list.isEmpty()) {
        throw new SettingsException(CONFIG, "'routes' must be a non-empty list in " + file);
      }
      int i = 0;
      for (Object o : list) {
        i++;
        b.route(route(s, o, "routes[" + i + "]"));
      }
    } else if (backend != null) {
      b.route(Route.all(uri(BACKEND, backend), defaults));
    } else {
      throw new SettingsException(
          BACKEND, "a backend is required: --backend URL or routes in --config");
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new SettingsException(CONFIG, e.getMessage());
    }
  }

  /**
   * Whether the {@code proxy} command makes its JVM give unused memory back to the OS (default
   * true; see {@code dev.ssewatch.proxy.jvm.MemoryReturn}). A process setting, not the server's: an
   * embedded {@link ProxyServer} never changes its host JVM.
   */
  public static boolean memoryReturn(Settings settings) {
    return effective(settings).bool(MEMORY_RETURN, true);
  }

  private static AdminAccess adminAccess(Settings s) {
    String file = s.get(ADMIN_TOKEN_FILE);
    String token = s.get(ADMIN_TOKEN);
    if (file != null && !file.isBlank()) {
      if (token != null) {
        throw new SettingsException(
            ADMIN_TOKEN_FILE, "give the admin token as a file or in the environment, not both");
      }
      try {
        token = Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new SettingsException(ADMIN_TOKEN_FILE, "cannot read " + file.trim());
      }
    }
    try {
      return new AdminAccess(s.list(ADMIN_HOSTS, List.of()), token);
    } catch (IllegalArgumentException e) {
      // The message names the rule, never the token.
      throw new SettingsException(token == null ? ADMIN_HOSTS : ADMIN_TOKEN, e.getMessage());
    }
  }

  private static Map<String, String> topLevelKeys() {
    Map<String, String> m = new LinkedHashMap<>(OPTION_KEYS);
    m.put("listen", LISTEN);
    m.put("admin", ADMIN);
    m.put("backend", BACKEND);
    m.put("drain", DRAIN);
    m.put("tls-cert", TLS_CERT);
    m.put("tls-key", TLS_KEY);
    m.put("transport", TRANSPORT);
    m.put("memory-return", MEMORY_RETURN);
    m.put("threads", THREADS);
    m.put("request-head-timeout", REQUEST_HEAD_TIMEOUT);
    m.put("keep-alive-timeout", KEEP_ALIVE_TIMEOUT);
    m.put("request-body-timeout", REQUEST_BODY_TIMEOUT);
    m.put("max-connections", MAX_CONNECTIONS);
    m.put("accept-failure-grace", ACCEPT_FAILURE_GRACE);
    m.put("admin-hosts", ADMIN_HOSTS);
    m.put("admin-token-file", ADMIN_TOKEN_FILE);
    m.put("tls-ciphers", TLS_CIPHERS);
    m.put("trace-context", TRACE_CONTEXT);
    return m;
  }

  private static Route route(Settings s, Object o, String where) {
    if (!(o instanceof Map<?, ?> raw)) {
      throw new SettingsException(CONFIG, where + " must be a mapping");
    }
    Map<String, Object> m = new LinkedHashMap<>();
    raw.forEach((k, v) -> m.put(String.valueOf(k), v));
    for (String key : m.keySet()) {
      if (!key.equals("prefix")
          && !key.equals("backend")
          && !key.equals("name")
          && !OPTION_KEYS.containsKey(key)) {
        throw new SettingsException(CONFIG, "unknown key '" + key + "' in " + where);
      }
    }
    Object prefix = m.get("prefix");
    Object backend = m.get("backend");
    if (prefix == null || backend == null) {
      throw new SettingsException(CONFIG, where + " needs 'prefix' and 'backend'");
    }
    try {
      return new Route(
          m.get("name") == null ? null : String.valueOf(m.get("name")),
          String.valueOf(prefix),
          uri(CONFIG, String.valueOf(backend)),
          options(s, m, where + "."));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(CONFIG, where + ": " + e.getMessage());
    }
  }

  private static RouteOptions options(Settings s, Map<String, Object> route, String where) {
    String ca = string(s, route, "backend-ca", BACKEND_CA);
    try {
      return new RouteOptions(
          duration(s, route, "heartbeat", HEARTBEAT, RouteOptions.DEFAULT_HEARTBEAT, where),
          string(s, route, "heartbeat-comment", HEARTBEAT_COMMENT),
          duration(s, route, "idle-budget", IDLE_BUDGET, RouteOptions.DEFAULT_IDLE_BUDGET, where),
          duration(
              s,
              route,
              "connect-timeout",
              CONNECT_TIMEOUT,
              RouteOptions.DEFAULT_CONNECT_TIMEOUT,
              where),
          duration(
              s,
              route,
              "response-headers-timeout",
              RESPONSE_HEADERS_TIMEOUT,
              RouteOptions.DEFAULT_RESPONSE_HEADERS_TIMEOUT,
              where),
          duration(s, route, "max-stream-duration", MAX_STREAM_DURATION, Duration.ZERO, where),
          bool(s, route, "anti-buffering-headers", ANTI_BUFFERING),
          forwarded(string(s, route, "forwarded", FORWARDED)),
          ca == null ? null : Path.of(ca.trim()),
          bool(s, route, "insecure-skip-backend-tls-verify", BACKEND_INSECURE));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(where.isEmpty() ? HEARTBEAT : CONFIG, where + e.getMessage());
    }
  }

  private static String string(Settings s, Map<String, Object> route, String yamlKey, String key) {
    Object v = route.get(yamlKey);
    return v != null ? String.valueOf(v) : s.get(key);
  }

  private static boolean bool(Settings s, Map<String, Object> route, String yamlKey, String key) {
    Object v = route.get(yamlKey);
    if (v != null) {
      return Settings.of(Map.of(key, String.valueOf(v))).bool(key, false);
    }
    return s.bool(key, false);
  }

  private static Duration duration(
      Settings s,
      Map<String, Object> route,
      String yamlKey,
      String key,
      Duration def,
      String where) {
    Object v = route.get(yamlKey);
    if (v == null) {
      return s.duration(key, def);
    }
    try {
      return Durations.parse(String.valueOf(v));
    } catch (IllegalArgumentException e) {
      throw new SettingsException(CONFIG, where + yamlKey + ": " + e.getMessage());
    }
  }

  private static Transport transport(String v) {
    Transport t;
    try {
      t = Transport.parse(v);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(TRANSPORT, e.getMessage());
    }
    if (!t.isAvailable()) {
      throw new SettingsException(
          TRANSPORT,
          "the "
              + t.wireName()
              + " transport is not available here ("
              + t.unavailabilityCause()
              + "); use auto or nio");
    }
    return t;
  }

  /** {@code propagate} (default) or {@code off}. */
  private static boolean traceContext(String v) {
    if (v == null || v.isBlank()) {
      return true;
    }
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "propagate":
        return true;
      case "off":
        return false;
      default:
        throw new SettingsException(TRACE_CONTEXT, "expected propagate or off, got '" + v + "'");
    }
  }

  private static ForwardedStyle forwarded(String v) {
    if (v == null || v.isBlank()) {
      return ForwardedStyle.X_FORWARDED;
    }
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "x-forwarded":
        return ForwardedStyle.X_FORWARDED;
      case "forwarded":
        return ForwardedStyle.FORWARDED;
      default:
        throw new SettingsException(
            FORWARDED, "expected x-forwarded or forwarded, got '" + v + "'");
    }
  }

  /** {@code HOST:PORT}, {@code [v6]:PORT} or a bare {@code PORT} (loopback). */
  public static InetSocketAddress address(String key, String value) {
    String v = value.trim();
    String host = "127.0.0.1";
    String port = v;
    int colon = v.lastIndexOf(':');
    if (colon >= 0) {
      host = v.substring(0, colon);
      port = v.substring(colon + 1);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = "0.0.0.0";
      }
    }
    try {
      int p = Integer.parseInt(port);
      if (p < 0 || p > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, p);
    } catch (NumberFormatException e) {
      throw new SettingsException(key, "expected HOST:PORT, got '" + value + "'");
    }
  }

  private static URI uri(String key, String value) {
    try {
      URI u = URI.create(value.trim());
      // Validated fully by Route; this only turns a syntax error into a settings error.
      return u;
    } catch (IllegalArgumentException e) {
      throw new SettingsException(key, "not a URL: '" + value + "'");
    }
  }

  private static Map<String, Object> readYaml(Path path) {
    try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      if (doc == null) {
        return Map.of();
      }
      if (!(doc instanceof Map<?, ?> m)) {
        throw new SettingsException(CONFIG, path + " must hold a YAML mapping");
      }
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    } catch (IOException | YAMLException e) {
      throw new SettingsException(CONFIG, "cannot read " + path + ": " + e.getMessage());
    }
  }

  /** Lists every settings key, for help texts and docs. */
  public static List<String> keys() {
    List<String> k = new ArrayList<>(topLevelKeys().values());
    k.add(CONFIG);
    return k;
  }
}
