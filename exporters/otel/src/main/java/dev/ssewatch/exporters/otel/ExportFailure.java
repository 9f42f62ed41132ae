package dev.ssewatch.exporters.otel;

import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Why an SDK export failed, in a reason and a few words ("HTTP 401 Unauthorized", "connection
 * refused"): never the exception's message, which may quote a header or a connection string.
 *
 * <p>The OTLP exporters fail their result with a {@link FailedExportException} carrying the HTTP or
 * gRPC response, or the I/O error; other exporters (Azure Monitor's) fail it without a cause, and
 * their sink tells the breaker what it saw of the response instead ({@link
 * ExportBreaker#observed}).
 *
 * @param reason the reason the failed records are counted under
 * @param detail a few fixed words: a status and its meaning, never text from the response
 * @param advice what a user should do, replacing the breaker's general advice; null for that
 */
public record ExportFailure(Reason reason, String detail, String advice) {

  static final ExportFailure UNKNOWN = new ExportFailure(Reason.ERROR, "export failed");

  public ExportFailure(Reason reason, String detail) {
    this(reason, detail, null);
  }

  /** The failure a throwable stands for: a connection error, a timeout, an HTTP or gRPC status. */
  public static ExportFailure of(Throwable failure) {
    if (failure == null) {
      return UNKNOWN;
    }
    if (failure instanceof FailedExportException.HttpExportException h && h.failedWithResponse()) {
      return http(h.getResponse().getStatusCode());
    }
    if (failure instanceof FailedExportException.GrpcExportException g && g.failedWithResponse()) {
      return grpc(g.getResponse().getStatusCode());
    }
    // The connection error first, wherever it is: the SDK retries a refused connection until its
    // timeout, and then fails with the timeout, the refusals attached as causes or suppressed.
    ExportFailure unreachable = find(failure, 0, true);
    if (unreachable != null) {
      return unreachable;
    }
    ExportFailure timeout = find(failure, 0, false);
    if (timeout != null) {
      return timeout;
    }
    return new ExportFailure(Reason.ERROR, failure.getClass().getSimpleName());
  }

  /** A connection failure (or, if not {@code unreachable}, a timeout) in {@code t}'s causes. */
  private static ExportFailure find(Throwable t, int depth, boolean unreachable) {
    if (t == null || depth > 8) {
      return null;
    }
    if (unreachable) {
      if (t instanceof ConnectException) {
        return new ExportFailure(Reason.UNREACHABLE, "connection refused");
      }
      if (t instanceof UnknownHostException) {
        return new ExportFailure(Reason.UNREACHABLE, "unknown host");
      }
      if (t instanceof NoRouteToHostException) {
        return new ExportFailure(Reason.UNREACHABLE, "no route to host");
      }
    } else if (t instanceof InterruptedIOException
        || t instanceof TimeoutException
        || t instanceof HttpTimeoutException) {
      return new ExportFailure(Reason.TIMEOUT, "no answer within the timeout");
    }
    for (Throwable s : t.getSuppressed()) {
      ExportFailure f = find(s, depth + 1, unreachable);
      if (f != null) {
        return f;
      }
    }
    return t.getCause() == t ? null : find(t.getCause(), depth + 1, unreachable);
  }

  /** The failure an HTTP status stands for, with its standard phrase. */
  public static ExportFailure http(int status) {
    String phrase =
        switch (status) {
          case 400 -> " Bad Request";
          case 401 -> " Unauthorized";
          case 403 -> " Forbidden";
          case 404 -> " Not Found";
          case 408 -> " Request Timeout";
          case 413 -> " Payload Too Large";
          case 429 -> " Too Many Requests";
          case 500 -> " Internal Server Error";
          case 502 -> " Bad Gateway";
          case 503 -> " Service Unavailable";
          case 504 -> " Gateway Timeout";
          default -> "";
        };
    Reason reason =
        switch (status) {
          // Credentials, authorisation or a wrong path: waiting will not fix it.
          case 401, 403, 404 -> Reason.REFUSED;
          case 408, 504 -> Reason.TIMEOUT;
          default -> Reason.ERROR;
        };
    return new ExportFailure(reason, "HTTP " + status + phrase);
  }

  static ExportFailure grpc(GrpcStatusCode code) {
    Reason reason =
        switch (code) {
          case UNAUTHENTICATED, PERMISSION_DENIED, NOT_FOUND, UNIMPLEMENTED -> Reason.REFUSED;
          case DEADLINE_EXCEEDED -> Reason.TIMEOUT;
          case UNAVAILABLE -> Reason.UNREACHABLE;
          default -> Reason.ERROR;
        };
    return new ExportFailure(reason, "gRPC " + code.name());
  }
}
