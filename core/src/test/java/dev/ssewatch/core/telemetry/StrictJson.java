package dev.ssewatch.core.telemetry;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' one JSON reader, on Jackson's streaming parser set to strict: objects become
 * insertion-ordered maps, arrays lists, every number a {@link java.math.BigDecimal}, {@code null}
 * null. It rejects what a lenient reader forgives — raw control characters in strings, bad escapes,
 * leading zeros, NaN, trailing commas, duplicate keys, trailing input — so output that passes is
 * really JSON. Public so other modules' tests use it through core's test jar.
 */
public final class StrictJson {

  private static final JsonFactory STRICT =
      JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private StrictJson() {}

  /**
   * Parses exactly one JSON value filling the whole text (surrounding whitespace allowed).
   *
   * @throws IllegalArgumentException when the text is not exactly one JSON value
   */
  public static Object parse(String text) {
    try (JsonParser p = STRICT.createParser(text)) {
      if (p.nextToken() == null) {
        throw new IllegalArgumentException("no JSON value");
      }
      Object v = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing input at " + p.currentTokenLocation());
      }
      return v;
    } catch (JacksonException e) {
      throw new IllegalArgumentException(e.getOriginalMessage() + " in: " + text, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(String text) {
    Object v = parse(text);
    if (!(v instanceof Map)) {
      throw new IllegalArgumentException("not an object: " + text);
    }
    return (Map<String, Object>) v;
  }

  private static Object value(JsonParser p) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT:
        Map<String, Object> m = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          m.put(name, value(p));
        }
        return m;
      case START_ARRAY:
        List<Object> a = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(value(p));
        }
        return a;
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return p.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalArgumentException("unexpected " + p.currentToken());
    }
  }
}
