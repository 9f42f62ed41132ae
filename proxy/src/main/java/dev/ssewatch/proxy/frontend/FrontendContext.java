package dev.ssewatch.proxy.frontend;

import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.admin.ProxyMetrics;
import dev.ssewatch.proxy.backend.BackendConnector;
import dev.ssewatch.proxy.sse.Heartbeats;
import dev.ssewatch.proxy.sse.StreamTaps;

/**
 * What every client connection shares.
 *
 * @param scheme {@code http} or {@code https}, as clients reach the proxy
 * @param clients every open client connection, for shutdown
 * @param shutdown whether a graceful shutdown has begun (responses then close their connection)
 * @param heartbeats the heartbeat timers, one per event loop
 */
public record FrontendContext(
    ProxyConfig config,
    String scheme,
    StreamTaps taps,
    BackendConnector connector,
    ProxyMetrics metrics,
    ClientConnections clients,
    java.util.function.BooleanSupplier shutdown,
    Heartbeats heartbeats) {}
