package dev.ssewatch.exporters.azuremonitor;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import dev.ssewatch.core.telemetry.ExporterHealth.Reason;
import dev.ssewatch.exporters.otel.ExportBreaker;
import dev.ssewatch.exporters.otel.ExportFailure;
import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * Watches the answers of the Application Insights ingestion service ({@code POST …/v2.1/track}) in
 * the Azure exporter's HTTP pipeline and tells the sink's breaker what each stands for. The Azure
 * exporter fails an export without saying why, so this is the only place the HTTP status is seen.
 *
 * <p>Only a status and fixed words reach the breaker, never the response's text: the service's
 * error messages quote fields of the rejected telemetry. A 400's body is read once, in memory, only
 * to tell an unknown instrumentation key (the service's fixed message) from a rejected batch.
 *
 * <p>The same policy sits in the pipeline of the exporter's own usage statistics ("statsbeat") and
 * of Live Metrics, which post elsewhere: only requests to the configured ingestion host, or to a
 * host it redirected to, are watched.
 */
final class IngestionResponses implements HttpPipelinePolicy {

  /** The service's message for an unknown instrumentation key, in its 400 answer. */
  static final String INVALID_KEY_MESSAGE = "Invalid instrumentation key";

  /** Redirect targets remembered: a region or two in practice; a bound all the same. */
  private static final int MAX_HOSTS = 8;

  private static final String TRACK_PATH = "/v2.1/track";

  private static final String KEY_ADVICE =
      "check the connection string's InstrumentationKey ("
          + AzureMonitorConfig.CONNECTION_STRING
          + "): copy the connection string again from the Application Insights resource";

  private static final String ENTRA_ADVICE =
      "the resource accepts only Microsoft Entra ID authentication (local authentication"
          + " disabled), and ssewatch sends the connection string's key: allow local"
          + " authentication on the resource, or send to one that does";

  private static final String FORBIDDEN_ADVICE =
      "the resource refuses this key: check that the connection string ("
          + AzureMonitorConfig.CONNECTION_STRING
          + ") names this resource and that it allows local authentication";

  private static final String DAILY_CAP_ADVICE =
      "the resource's daily cap is reached: records fail until it resets; raise the cap (Usage"
          + " and estimated costs) if they matter";

  private final ExportBreaker breaker;
  private final Set<String> hosts = ConcurrentHashMap.newKeySet();

  IngestionResponses(String ingestionHost, ExportBreaker breaker) {
    this.breaker = breaker;
    hosts.add(ingestionHost.toLowerCase(Locale.ROOT));
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    URL url = context.getHttpRequest().getUrl();
    if (!url.getPath().endsWith(TRACK_PATH)
        || !hosts.contains(url.getHost().toLowerCase(Locale.ROOT))) {
      return next.process();
    }
    return next.process()
        .doOnError(e -> breaker.observed(ExportFailure.of(e)))
        .flatMap(this::onResponse);
  }

  private Mono<HttpResponse> onResponse(HttpResponse response) {
    int status = response.getStatusCode();
    if (status == 307 || status == 308) {
      // The exporter follows it: the next answer speaks for the export.
      rememberRedirect(response.getHeaderValue(HttpHeaderName.LOCATION));
      return Mono.just(response);
    }
    if (status != 400) {
      breaker.observed(classify(status, false));
      return Mono.just(response);
    }
    // Buffered so the exporter can still read the body after this look.
    HttpResponse buffered = response.buffer();
    return buffered
        .getBodyAsString()
        .defaultIfEmpty("")
        .map(
            body -> {
              breaker.observed(classify(status, body.contains(INVALID_KEY_MESSAGE)));
              return buffered;
            });
  }

  private void rememberRedirect(String location) {
    if (location == null || hosts.size() >= MAX_HOSTS) {
      return;
    }
    try {
      String host = URI.create(location).getHost();
      if (host != null) {
        hosts.add(host.toLowerCase(Locale.ROOT));
      }
    } catch (IllegalArgumentException e) {
      // The exporter refuses it too, and says so in its own log.
    }
  }

  /**
   * What an ingestion answer stands for: {@code null} for an accepted batch, else a reason and a
   * fixed explanation. {@code invalidKey}: a 400 whose body carries the service's message for an
   * unknown instrumentation key.
   */
  static ExportFailure classify(int status, boolean invalidKey) {
    return switch (status) {
      case 200 -> null;
      // Some items accepted, the rest rejected (too old, too large, malformed) or throttled; the
      // exporter retries the throttled ones.
      case 206 ->
          new ExportFailure(
              Reason.ERROR,
              "HTTP 206 Partial Content: part of the batch rejected",
              "retrying what the service asks to retry");
      case 400 ->
          invalidKey
              ? new ExportFailure(
                  Reason.REFUSED, "HTTP 400 Bad Request: invalid instrumentation key", KEY_ADVICE)
              : new ExportFailure(
                  Reason.ERROR,
                  "HTTP 400 Bad Request: the service rejected the batch",
                  "not retried");
      case 401 ->
          new ExportFailure(
              Reason.REFUSED,
              "HTTP 401 Unauthorized: Microsoft Entra ID authentication required",
              ENTRA_ADVICE);
      case 403 -> new ExportFailure(Reason.REFUSED, "HTTP 403 Forbidden", FORBIDDEN_ADVICE);
      case 402, 439 ->
          new ExportFailure(
              Reason.ERROR, "HTTP " + status + ": daily quota exceeded", DAILY_CAP_ADVICE);
      case 429 ->
          new ExportFailure(
              Reason.ERROR,
              "HTTP 429 Too Many Requests: throttled",
              "retrying; records fail while it throttles");
      default -> ExportFailure.http(status);
    };
  }
}
