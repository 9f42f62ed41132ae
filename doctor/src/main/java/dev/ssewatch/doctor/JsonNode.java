package dev.ssewatch.doctor;

import java.util.List;
import java.util.Map;

/**
 * A parsed JSON value with the line it starts on.
 *
 * @param value a {@code Map<String, JsonNode>} (insertion ordered), {@code List<JsonNode>}, {@code
 *     String}, {@code Double}, {@code Boolean}, or {@code null}
 * @param line 1-based line of the value's first character
 */
record JsonNode(Object value, int line) {

  /** The member {@code name} of an object, or {@code null} when absent or not an object. */
  JsonNode get(String name) {
    if (value instanceof Map<?, ?> m) {
      return (JsonNode) m.get(name);
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  Map<String, JsonNode> asObject() {
    return value instanceof Map<?, ?> ? (Map<String, JsonNode>) value : null;
  }

  @SuppressWarnings("unchecked")
  List<JsonNode> asArray() {
    return value instanceof List<?> ? (List<JsonNode>) value : null;
  }

  String asString() {
    return value instanceof String s ? s : null;
  }
}
