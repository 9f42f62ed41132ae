package dev.ssewatch.proxy.backend;

import dev.ssewatch.proxy.admin.ProxyMetrics;
import dev.ssewatch.proxy.admin.ProxyMetrics.TlsFailure;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What a failed backend TLS handshake failed on, told three ways: a warning in the log (at most one
 * per backend a minute, so a broken backend under load does not flood it), a counter in {@code
 * /metrics}, and the connection's own record, which the client side reads to answer 502 with the
 * reason and to put it in the exchange's {@code close_detail}.
 */
public final class TlsFailures {

  private static final System.Logger LOG = System.getLogger(TlsFailures.class.getName());
  private static final AttributeKey<TlsFailure> FAILURE =
      AttributeKey.valueOf(TlsFailures.class, "failure");
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final ProxyMetrics metrics;
  private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();

  /**
   * @param metrics where failures are counted, or {@code null}
   */
  public TlsFailures(ProxyMetrics metrics) {
    this.metrics = metrics;
  }

  /** What the handshake with {@code backend} failed on; remembered on {@code ch}. */
  void failed(Channel ch, String backend, Throwable cause) {
    TlsFailure f = classify(cause);
    ch.attr(FAILURE).set(f);
    if (metrics != null) {
      metrics.backendTlsFailure(f);
    }
    long now = System.nanoTime();
    Long last = lastLogged.get(backend);
    if (last == null || now - last >= LOG_INTERVAL_NANOS) {
      lastLogged.put(backend, now);
      LOG.log(
          System.Logger.Level.WARNING,
          "TLS to backend {0} failed: {1} ({2}); logged at most once a minute per backend",
          backend,
          f.description(),
          rootMessage(cause));
    }
  }

  /** What the TLS handshake of backend connection {@code ch} failed on, or {@code null}. */
  public static TlsFailure of(Channel ch) {
    return ch.hasAttr(FAILURE) ? ch.attr(FAILURE).get() : null;
  }

  /** Reads the JDK's certificate exceptions: PKIX's reasons, and its host-name checks' wording. */
  static TlsFailure classify(Throwable cause) {
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof CertificateExpiredException) {
        return TlsFailure.EXPIRED;
      }
      if (c instanceof CertificateNotYetValidException) {
        return TlsFailure.NOT_YET_VALID;
      }
      if (c instanceof CertPathValidatorException v) {
        if (v.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
          return TlsFailure.EXPIRED;
        }
        if (v.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
          return TlsFailure.NOT_YET_VALID;
        }
      }
    }
    for (Throwable c = cause; c != null; c = c.getCause()) {
      if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
        return TlsFailure.NOT_TRUSTED;
      }
      String m = c.getMessage() == null ? "" : c.getMessage().toLowerCase(Locale.ROOT);
      if (c instanceof CertificateException
          && (m.startsWith("no subject alternative") || m.startsWith("no name matching"))) {
        return TlsFailure.NAME_MISMATCH;
      }
    }
    return TlsFailure.OTHER;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
