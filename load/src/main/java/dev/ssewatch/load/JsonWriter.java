package dev.ssewatch.load;

/** A small streaming JSON writer: enough for the result file, with correct string escaping. */
final class JsonWriter {

  private final StringBuilder out = new StringBuilder(4096);
  private boolean first = true;

  JsonWriter beginObject() {
    separate();
    out.append('{');
    first = true;
    return this;
  }

  JsonWriter endObject() {
    out.append('}');
    first = false;
    return this;
  }

  JsonWriter beginArray() {
    separate();
    out.append('[');
    first = true;
    return this;
  }

  JsonWriter endArray() {
    out.append(']');
    first = false;
    return this;
  }

  /** A member name; its value follows. */
  JsonWriter name(String name) {
    separate();
    string(name);
    out.append(':');
    first = true;
    return this;
  }

  JsonWriter value(String s) {
    separate();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    return this;
  }

  JsonWriter value(long v) {
    separate();
    out.append(v);
    return this;
  }

  JsonWriter value(double v) {
    separate();
    if (Double.isFinite(v)) {
      out.append(v);
    } else {
      out.append("null");
    }
    return this;
  }

  JsonWriter value(boolean v) {
    separate();
    out.append(v);
    return this;
  }

  private void separate() {
    if (!first) {
      out.append(',');
    }
    first = false;
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // Control characters and the two line separators JavaScript chokes on, escaped; '<'
          // too, so the same text can sit inside an HTML script element.
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
