package dev.ssewatch.demo.console;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level scalar fields of one telemetry JSON line (docs/telemetry-schema.md), as their JSON
 * text: enough for the console to describe a record, whether it came from the proxy in this JVM or
 * from the agent in a child JVM. Nested arrays and objects (the header lists) and nulls are left
 * out. Anything that is not one JSON object gives an empty map.
 */
final class TopLevelFields {

  private static final JsonFactory JSON = new JsonFactory();

  private TopLevelFields() {}

  static Map<String, String> of(String line) {
    Map<String, String> out = new HashMap<>();
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return out;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value.isStructStart()) {
          p.skipChildren();
        } else if (value != JsonToken.VALUE_NULL) {
          out.put(name, p.getText());
        }
      }
      if (p.nextToken() != null) {
        out.clear();
      }
    } catch (IOException e) {
      out.clear(); // not a telemetry line: the caller prints it as it is
    }
    return out;
  }
}
