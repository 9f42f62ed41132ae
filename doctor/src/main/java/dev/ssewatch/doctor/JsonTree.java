package dev.ssewatch.doctor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON into {@link JsonNode}s that remember their line, through Jackson's streaming parser:
 * findings point at lines, which a databind tree does not keep.
 */
final class JsonTree {

  /** Exports nest a few levels deep; anything near this is not an export. */
  private static final int MAX_DEPTH = 200;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .build();

  private JsonTree() {}

  /**
   * @throws IllegalArgumentException with the line and column of the first error
   */
  static JsonNode parse(String text) {
    // Editors on Windows save a byte order mark, which is not JSON.
    String json = text.startsWith("\uFEFF") ? text.substring(1) : text;
    try (JsonParser p = FACTORY.createParser(json)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("line 1: no JSON value");
      }
      JsonNode root = value(p);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException(
            "line " + p.currentTokenLocation().getLineNr() + ": unexpected text after the value");
      }
      return root;
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          "line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The value at the parser's current token; leaves the parser on the value's last token. */
  private static JsonNode value(JsonParser p) throws IOException {
    int line = p.currentTokenLocation().getLineNr();
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          members.put(name, value(p));
        }
        return new JsonNode(members, line);
      }
      case START_ARRAY -> {
        List<JsonNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(p));
        }
        return new JsonNode(items, line);
      }
      case VALUE_STRING -> {
        return new JsonNode(p.getText(), line);
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new JsonNode(p.getDoubleValue(), line);
      }
      case VALUE_TRUE -> {
        return new JsonNode(Boolean.TRUE, line);
      }
      case VALUE_FALSE -> {
        return new JsonNode(Boolean.FALSE, line);
      }
      case VALUE_NULL -> {
        return new JsonNode(null, line);
      }
      default -> throw new IllegalArgumentException("line " + line + ": unexpected " + t);
    }
  }
}
