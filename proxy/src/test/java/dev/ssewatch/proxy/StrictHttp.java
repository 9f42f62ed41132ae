package dev.ssewatch.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately strict HTTP/1.1 reader (RFC 9112) for checking what crosses the proxy: CRLF line
 * endings only, no obs-fold, token field names, one framing (never Content-Length with
 * Transfer-Encoding, Transfer-Encoding only {@code chunked}, one Content-Length of digits). What a
 * strict peer would refuse, it refuses, so a message it accepts is one whose end every peer agrees
 * on.
 */
final class StrictHttp {

  private StrictHttp() {}

  /** Bytes a strict peer refuses. */
  static final class Malformed extends Exception {
    Malformed(String message) {
      super(message);
    }
  }

  record Field(String name, String value) {}

  /**
   * One message: its start line's three parts, fields, decoded body, where it ended in the input,
   * and whether it was complete (a body cut short by the end of input is not).
   */
  record Message(
      String first,
      String second,
      String third,
      List<Field> fields,
      byte[] body,
      int end,
      boolean complete,
      boolean closeDelimited) {

    List<String> all(String name) {
      List<String> out = new ArrayList<>();
      for (Field f : fields) {
        if (f.name().equalsIgnoreCase(name)) {
          out.add(f.value());
        }
      }
      return out;
    }

    int status() {
      return Integer.parseInt(second);
    }
  }

  /** A request at {@code from}, or {@code null} when its head is not all there yet. */
  static Message request(byte[] in, int from, int to) throws Malformed {
    Head head = head(in, from, to);
    if (head == null) {
      return null;
    }
    if (!head.first.chars().allMatch(StrictHttp::tchar) || head.first.isEmpty()) {
      throw new Malformed("method is not a token: " + head.first);
    }
    if (!head.second.startsWith("/") || !head.second.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
      throw new Malformed("target is not origin-form: " + head.second);
    }
    if (head.second.indexOf('#') >= 0) {
      throw new Malformed("target has a fragment: " + head.second);
    }
    if (!head.third.equals("HTTP/1.1")) {
      throw new Malformed("not HTTP/1.1: " + head.third);
    }
    if (count(head.fields, "host") != 1) {
      throw new Malformed("not exactly one Host");
    }
    Framing framing = framing(head.fields);
    return body(head, in, to, framing == Framing.NONE ? Framing.LENGTH_ZERO : framing);
  }

  /** A response to a request with {@code method} at {@code from}, or {@code null} if partial. */
  static Message response(byte[] in, int from, int to, String method) throws Malformed {
    Head head = head(in, from, to);
    if (head == null) {
      return null;
    }
    if (!head.first.equals("HTTP/1.1") && !head.first.equals("HTTP/1.0")) {
      throw new Malformed("not an HTTP/1.x status line: " + head.first);
    }
    if (head.second.length() != 3 || !head.second.chars().allMatch(Character::isDigit)) {
      throw new Malformed("status is not three digits: " + head.second);
    }
    for (char c : head.third.toCharArray()) {
      if (c != '\t' && (c < 0x20 || c == 0x7F)) {
        throw new Malformed("control character in the reason phrase");
      }
    }
    int status = Integer.parseInt(head.second);
    Framing framing = framing(head.fields);
    if (method.equals("HEAD") || status / 100 == 1 || status == 204 || status == 304) {
      framing = Framing.LENGTH_ZERO;
    } else if (framing == Framing.NONE) {
      framing = Framing.CLOSE;
    }
    return body(head, in, to, framing);
  }

  private enum Framing {
    NONE,
    LENGTH,
    LENGTH_ZERO,
    CHUNKED,
    CLOSE
  }

  private record Head(String first, String second, String third, List<Field> fields, int end) {}

  private static Head head(byte[] in, int from, int to) throws Malformed {
    List<String> lines = new ArrayList<>();
    int i = from;
    while (true) {
      int lf = -1;
      for (int k = i; k < to; k++) {
        if (in[k] == '\n') {
          lf = k;
          break;
        }
        if (in[k] == '\r' && (k + 1 < to && in[k + 1] != '\n')) {
          throw new Malformed("bare CR");
        }
      }
      if (lf < 0) {
        return null;
      }
      if (lf == i || in[lf - 1] != '\r') {
        throw new Malformed("bare LF");
      }
      String line = new String(in, i, lf - 1 - i, StandardCharsets.ISO_8859_1);
      i = lf + 1;
      if (line.isEmpty()) {
        break;
      }
      lines.add(line);
    }
    if (lines.isEmpty()) {
      throw new Malformed("empty head");
    }
    String[] start = lines.get(0).split(" ", 3);
    if (start.length < 3 && !(start.length == 2 && start[0].startsWith("HTTP/"))) {
      throw new Malformed("start line: " + lines.get(0));
    }
    List<Field> fields = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      fields.add(fieldLine(line));
    }
    return new Head(start[0], start[1], start.length > 2 ? start[2] : "", fields, i);
  }

  private static Field fieldLine(String line) throws Malformed {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new Malformed("field without a name: " + line);
    }
    String name = line.substring(0, colon);
    if (!name.chars().allMatch(StrictHttp::tchar)) {
      throw new Malformed("field name is not a token: " + name);
    }
    String value = line.substring(colon + 1).strip();
    for (char c : value.toCharArray()) {
      if (c != '\t' && (c < 0x20 || c == 0x7F)) {
        throw new Malformed("control character in the value of " + name);
      }
    }
    return new Field(name, value);
  }

  private static Framing framing(List<Field> fields) throws Malformed {
    int te = count(fields, "transfer-encoding");
    int cl = count(fields, "content-length");
    if (te > 0 && cl > 0) {
      throw new Malformed("both Content-Length and Transfer-Encoding");
    }
    if (te > 1 || cl > 1) {
      throw new Malformed("repeated framing field");
    }
    if (te == 1) {
      if (!value(fields, "transfer-encoding").equalsIgnoreCase("chunked")) {
        throw new Malformed("Transfer-Encoding other than chunked");
      }
      return Framing.CHUNKED;
    }
    if (cl == 1) {
      String v = value(fields, "content-length");
      if (v.isEmpty() || v.length() > 15 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new Malformed("Content-Length is not a number: " + v);
      }
      return Framing.LENGTH;
    }
    return Framing.NONE;
  }

  private static Message body(Head h, byte[] in, int to, Framing framing) throws Malformed {
    int i = h.end;
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    switch (framing) {
      case LENGTH_ZERO -> {
        return new Message(h.first, h.second, h.third, h.fields, new byte[0], i, true, false);
      }
      case LENGTH -> {
        long n = Long.parseLong(value(h.fields, "content-length"));
        int take = (int) Math.min(n, to - i);
        body.write(in, i, take);
        return new Message(
            h.first, h.second, h.third, h.fields, body.toByteArray(), i + take, take == n, false);
      }
      case CLOSE -> {
        body.write(in, i, to - i);
        return new Message(
            h.first, h.second, h.third, h.fields, body.toByteArray(), to, false, true);
      }
      default -> {
        // Chunked: size line, data, CRLF; a zero size, trailer fields, then an empty line.
        while (true) {
          int lf = indexOf(in, i, to, (byte) '\n');
          if (lf < 0) {
            return partial(h, body, to);
          }
          if (lf == i || in[lf - 1] != '\r') {
            throw new Malformed("chunk size line without CRLF");
          }
          String line = new String(in, i, lf - 1 - i, StandardCharsets.ISO_8859_1);
          int semi = line.indexOf(';');
          String hex = (semi < 0 ? line : line.substring(0, semi)).toLowerCase(Locale.ROOT);
          if (hex.isEmpty() || hex.length() > 8 || !hex.chars().allMatch(StrictHttp::hexDigit)) {
            throw new Malformed("chunk size: " + line);
          }
          if (semi >= 0 && line.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
            throw new Malformed("control character in a chunk extension");
          }
          long size = Long.parseLong(hex, 16);
          i = lf + 1;
          if (size == 0) {
            // Trailer section: fields until an empty line.
            while (true) {
              int end = indexOf(in, i, to, (byte) '\n');
              if (end < 0) {
                return partial(h, body, to);
              }
              if (end == i || in[end - 1] != '\r') {
                throw new Malformed("trailer line without CRLF");
              }
              boolean empty = end - 1 == i;
              if (!empty) {
                // A trailer line is a field line like those of the head.
                fieldLine(new String(in, i, end - 1 - i, StandardCharsets.ISO_8859_1));
              }
              i = end + 1;
              if (empty) {
                return new Message(
                    h.first, h.second, h.third, h.fields, body.toByteArray(), i, true, false);
              }
            }
          }
          if (to - i < size + 2) {
            body.write(in, i, (int) Math.min(size, to - i));
            return partial(h, body, to);
          }
          body.write(in, i, (int) size);
          i += (int) size;
          if (in[i] != '\r' || in[i + 1] != '\n') {
            throw new Malformed("chunk data not followed by CRLF");
          }
          i += 2;
        }
      }
    }
  }

  private static Message partial(Head h, ByteArrayOutputStream body, int to) {
    return new Message(h.first, h.second, h.third, h.fields, body.toByteArray(), to, false, false);
  }

  private static int indexOf(byte[] in, int from, int to, byte b) {
    for (int k = from; k < to; k++) {
      if (in[k] == b) {
        return k;
      }
    }
    return -1;
  }

  private static int count(List<Field> fields, String name) {
    int n = 0;
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        n++;
      }
    }
    return n;
  }

  private static String value(List<Field> fields, String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return f.value();
      }
    }
    return null;
  }

  private static boolean hexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** RFC 9110 tchar. */
  private static boolean tchar(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }
}
