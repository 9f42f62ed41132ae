package dev.ssewatch.proxy;

import dev.ssewatch.proxy.admin.AdminAccess;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link ProxyServer} needs, validated on construction.
 *
 * @param listen where clients connect (port 0 picks a free one)
 * @param admin where {@code /healthz}, {@code /metrics} and {@code /streams} are served, or {@code
 *     null} for none
 * @param routes longest prefix first
 * @param serverTls serve HTTPS, or {@code null} for plain HTTP
 * @param drain how long open streams may go on after shutdown starts
 * @param lowWaterMark client write buffer size under which reading from the backend resumes
 * @param highWaterMark client write buffer size over which reading from the backend stops
 * @param transport the I/O transport of every channel (epoll on Linux, NIO elsewhere by default)
 * @param limits timeouts and limits of client connections
 * @param adminAccess the names and token the admin listener accepts
 * @param threads event-loop threads; 0 for one per available processor
 * @param propagateTraceContext whether the backend request carries a W3C {@code traceparent} naming
 *     the proxy's client span ({@code ssewatch.proxy.trace-context=propagate}); when false the
 *     request's trace headers pass as they came
 */
public record ProxyConfig(
    InetSocketAddress listen,
    InetSocketAddress admin,
    List<Route> routes,
    ServerTls serverTls,
    Duration drain,
    int lowWaterMark,
    int highWaterMark,
    Transport transport,
    ClientLimits limits,
    AdminAccess adminAccess,
    int threads,
    boolean propagateTraceContext) {

  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(10);
  public static final int DEFAULT_LOW_WATER_MARK = 32 * 1024;
  public static final int DEFAULT_HIGH_WATER_MARK = 64 * 1024;

  public ProxyConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(drain, "drain");
    Objects.requireNonNull(transport, "transport");
    limits = limits == null ? ClientLimits.defaults() : limits;
    adminAccess = adminAccess == null ? AdminAccess.defaults() : adminAccess;
    if (threads < 0) {
      throw new IllegalArgumentException("threads must not be negative, got " + threads);
    }
    if (routes == null || routes.isEmpty()) {
      throw new IllegalArgumentException("at least one route (a backend) is required");
    }
    Set<String> prefixes = new HashSet<>();
    for (Route r : routes) {
      if (!prefixes.add(r.pathPrefix())) {
        throw new IllegalArgumentException("two routes share the prefix '" + r.pathPrefix() + "'");
      }
    }
    List<Route> sorted = new ArrayList<>(routes);
    sorted.sort(Comparator.comparingInt((Route r) -> r.pathPrefix().length()).reversed());
    routes = List.copyOf(sorted);
    if (drain.isNegative()) {
      throw new IllegalArgumentException("drain period must not be negative");
    }
    if (lowWaterMark <= 0 || highWaterMark < lowWaterMark) {
      throw new IllegalArgumentException(
          "write buffer water marks must satisfy 0 < low <= high, got "
              + lowWaterMark
              + " and "
              + highWaterMark);
    }
  }

  /** The number of event-loop threads: {@link #threads} or one per available processor. */
  public int eventLoopThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }

  /** The route serving {@code path}, or {@code null} when none does. */
  public Route route(String path) {
    for (Route r : routes) {
      if (r.matches(path)) {
        return r;
      }
    }
    return null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the configuration with the command line's defaults. */
  public static final class Builder {
    private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8080);
    private InetSocketAddress admin = new InetSocketAddress("127.0.0.1", 9090);
    private final List<Route> routes = new ArrayList<>();
    private ServerTls serverTls;
    private Duration drain = DEFAULT_DRAIN;
    private int low = DEFAULT_LOW_WATER_MARK;
    private int high = DEFAULT_HIGH_WATER_MARK;
    private Transport transport;
    private ClientLimits limits = ClientLimits.defaults();
    private AdminAccess adminAccess = AdminAccess.defaults();
    private int threads;
    private boolean propagateTraceContext = true;

    private Builder() {}

    public Builder listen(InetSocketAddress address) {
      this.listen = address;
      return this;
    }

    /** {@code null} turns the admin listener off. */
    public Builder admin(InetSocketAddress address) {
      this.admin = address;
      return this;
    }

    public Builder route(Route route) {
      routes.add(route);
      return this;
    }

    public Builder serverTls(ServerTls tls) {
      this.serverTls = tls;
      return this;
    }

    public Builder drain(Duration d) {
      this.drain = d;
      return this;
    }

    public Builder waterMarks(int lowBytes, int highBytes) {
      this.low = lowBytes;
      this.high = highBytes;
      return this;
    }

    /** The transport; by default {@link Transport#auto()}: epoll where available, else NIO. */
    public Builder transport(Transport t) {
      this.transport = t;
      return this;
    }

    public Builder limits(ClientLimits l) {
      this.limits = l;
      return this;
    }

    public Builder adminAccess(AdminAccess a) {
      this.adminAccess = a;
      return this;
    }

    /** Event-loop threads; 0 (default) for one per available processor. */
    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /** Whether to send the backend a traceparent naming the proxy's client span (default true). */
    public Builder propagateTraceContext(boolean propagate) {
      this.propagateTraceContext = propagate;
      return this;
    }

    public ProxyConfig build() {
      return new ProxyConfig(
          listen,
          admin,
          routes,
          serverTls,
          drain,
          low,
          high,
          transport == null ? Transport.auto() : transport,
          limits,
          adminAccess,
          threads,
          propagateTraceContext);
    }
  }
}
