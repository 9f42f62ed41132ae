package dev.ssewatch.probe;

import dev.ssewatch.core.http.Header;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to probe and for how long.
 *
 * @param url the stream's URL (http or https)
 * @param duration how long to listen before disconnecting, if the stream does not end first
 * @param idleBudget the idle timeout of the tightest intermediary the stream must pass
 * @param headers extra request headers, sent as given (and redacted in the report)
 */
public record ProbeOptions(URI url, Duration duration, Duration idleBudget, List<Header> headers) {

  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);

  /** Azure Load Balancer's 4 minutes: the idle timeout in front of API Management. */
  public static final Duration DEFAULT_IDLE_BUDGET = Duration.ofSeconds(240);

  public ProbeOptions {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(idleBudget, "idleBudget");
    headers = List.copyOf(headers);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("--duration must be longer than 0");
    }
    if (idleBudget.isNegative() || idleBudget.isZero()) {
      throw new IllegalArgumentException("--idle-budget must be longer than 0");
    }
    for (Header h : headers) {
      // Checked here so that the error can name the header without repeating its value, which
      // may be a secret (the HTTP client's own message quotes it).
      if (!h.name().matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
        throw new IllegalArgumentException("-H: '" + h.name() + "' is not a header name");
      }
      if (!h.value().chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
        throw new IllegalArgumentException(
            "-H " + h.name() + ": the value holds line breaks or control characters");
      }
    }
    String scheme = url.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || url.getHost() == null) {
      throw new IllegalArgumentException("expected an http or https URL, got '" + url + "'");
    }
  }
}
