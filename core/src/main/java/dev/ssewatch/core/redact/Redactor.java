package dev.ssewatch.core.redact;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import java.util.List;

/** Placeholder: replaced by the real implementation (see docs/redaction.md). */
public final class Redactor {

  /** What replaces a secret value. */
  public static final String MARKER = "[REDACTED]";

  private Redactor() {}

  public static Redactor defaults() {
    return new Redactor();
  }

  public static Redactor from(Settings settings) {
    return new Redactor();
  }

  /** The headers with secret values replaced by {@link #MARKER}. */
  public List<Header> headers(List<Header> headers) {
    throw new UnsupportedOperationException();
  }

  /** The URL with secret query values replaced by {@link #MARKER}. */
  public String url(String url) {
    throw new UnsupportedOperationException();
  }

  /** The event id as configured: raw, hashed, or {@code null} when ids are dropped. */
  public String eventId(String id) {
    throw new UnsupportedOperationException();
  }
}
