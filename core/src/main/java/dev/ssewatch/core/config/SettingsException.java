package dev.ssewatch.core.config;

/** A configuration value is missing or malformed; the message names the key and what it takes. */
public final class SettingsException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String key;

  public SettingsException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The offending key, e.g. {@code ssewatch.idle.budget}. */
  public String key() {
    return key;
  }
}
