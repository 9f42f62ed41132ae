package dev.ssewatch.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON (RFC 8259) parser that keeps line numbers, for exported diagnostic settings.
 * The CLI carries no JSON library, and findings need lines.
 */
final class JsonParser {

  private static final int MAX_DEPTH = 200;

  private final String s;
  private int i;
  private int line = 1;

  private JsonParser(String s) {
    this.s = s;
  }

  static JsonNode parse(String text) {
    JsonParser p = new JsonParser(text);
    p.skipSpace();
    if (p.i < p.s.length() && p.s.charAt(p.i) == '\uFEFF') {
      p.i++;
      p.skipSpace();
    }
    JsonNode v = p.value(0);
    p.skipSpace();
    if (p.i != p.s.length()) {
      throw p.error("unexpected text after the JSON value");
    }
    return v;
  }

  private JsonNode value(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested too deeply");
    }
    skipSpace();
    if (i >= s.length()) {
      throw error("unexpected end of input");
    }
    int at = line;
    char c = s.charAt(i);
    switch (c) {
      case '{':
        return new JsonNode(object(depth), at);
      case '[':
        return new JsonNode(array(depth), at);
      case '"':
        return new JsonNode(string(), at);
      case 't':
        literal("true");
        return new JsonNode(Boolean.TRUE, at);
      case 'f':
        literal("false");
        return new JsonNode(Boolean.FALSE, at);
      case 'n':
        literal("null");
        return new JsonNode(null, at);
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          return new JsonNode(number(), at);
        }
        throw error("unexpected character '" + c + "'");
    }
  }

  private Map<String, JsonNode> object(int depth) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    i++;
    skipSpace();
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String name = string();
      skipSpace();
      expect(':');
      m.put(name, value(depth + 1));
      skipSpace();
      char c = next();
      if (c == '}') {
        return m;
      }
      if (c != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<JsonNode> array(int depth) {
    List<JsonNode> l = new ArrayList<>();
    i++;
    skipSpace();
    if (peek() == ']') {
      i++;
      return l;
    }
    while (true) {
      l.add(value(depth + 1));
      skipSpace();
      char c = next();
      if (c == ']') {
        return l;
      }
      if (c != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private String string() {
    i++;
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case '"':
          case '\\':
          case '/':
            b.append(e);
            break;
          case 'b':
            b.append('\b');
            break;
          case 'f':
            b.append('\f');
            break;
          case 'n':
            b.append('\n');
            break;
          case 'r':
            b.append('\r');
            break;
          case 't':
            b.append('\t');
            break;
          case 'u':
            if (i + 4 > s.length()) {
              throw error("truncated \\u escape");
            }
            try {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            } catch (NumberFormatException ex) {
              throw error("bad \\u escape");
            }
            i += 4;
            break;
          default:
            throw error("bad escape '\\" + e + "'");
        }
      } else if (c < 0x20) {
        throw error("control character in a string");
      } else {
        b.append(c);
      }
    }
  }

  private Double number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String text = s.substring(start, i);
    if (!text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      throw error("bad number '" + text + "'");
    }
    return Double.valueOf(text);
  }

  private void literal(String word) {
    if (!s.startsWith(word, i)) {
      throw error("unexpected text");
    }
    i += word.length();
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected '" + c + "'");
    }
  }

  private char peek() {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private char next() {
    if (i >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(i++);
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private void skipSpace() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      i++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("line " + line + ": " + message);
  }
}
