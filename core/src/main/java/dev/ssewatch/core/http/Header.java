package dev.ssewatch.core.http;

import java.util.Objects;

/** One HTTP header field as it appeared on the wire; names keep their case, lookups ignore it. */
public record Header(String name, String value) {

  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
