package dev.ssewatch.demo.console;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the top-level scalar fields of one telemetry JSON line (the schema of
 * docs/telemetry-schema.md): enough for the console to describe a record, whether it came from the
 * proxy in this JVM or from the agent in a child JVM. Nested arrays and objects (the header lists)
 * are skipped. Returns an empty map for anything that is not a JSON object.
 */
final class JsonFields {

  private final String s;
  private int i;

  private JsonFields(String s) {
    this.s = s;
  }

  static Map<String, String> parse(String line) {
    Map<String, String> out = new HashMap<>();
    try {
      new JsonFields(line.trim()).object(out);
    } catch (RuntimeException e) {
      out.clear(); // not a telemetry line: the caller prints it as it is
    }
    return out;
  }

  private void object(Map<String, String> out) {
    expect('{');
    space();
    if (peek() == '}') {
      return;
    }
    while (true) {
      space();
      String key = string();
      space();
      expect(':');
      space();
      char c = peek();
      if (c == '"') {
        out.put(key, string());
      } else if (c == '{' || c == '[') {
        skipNested();
      } else {
        int start = i;
        while (i < s.length() && ",}] \t".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        String literal = s.substring(start, i);
        if (!literal.equals("null")) {
          out.put(key, literal);
        }
      }
      space();
      if (peek() == ',') {
        i++;
        continue;
      }
      expect('}');
      return;
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> b.append(e);
      }
    }
  }

  private void skipNested() {
    int depth = 0;
    do {
      char c = s.charAt(i);
      if (c == '"') {
        string();
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
      i++;
    } while (depth > 0);
  }

  private char peek() {
    return s.charAt(i);
  }

  private void expect(char c) {
    if (s.charAt(i) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + i);
    }
    i++;
  }

  private void space() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }
}
