package dev.ssewatch.proxy.frontend;

import java.util.ArrayList;
import java.util.List;

/**
 * The normal form of a request path, so that a route prefix is an allowlist: what matches {@code
 * /public} is under {@code /public} for every server behind the proxy, whatever its own path rules.
 * RFC 3986 syntax-based normalisation: percent-encoded unreserved characters are decoded
 * (§6.2.2.2), other percent-encodings get upper-case hex digits (§6.2.2.1), and dot-segments are
 * removed (§5.2.4). What servers disagree about is refused rather than guessed at.
 */
public final class PathNormalizer {

  private PathNormalizer() {}

  /**
   * The normalised form of {@code rawPath} (origin-form path, starting with {@code /}, without its
   * query), or {@code null} when it cannot be normalised safely:
   *
   * <ul>
   *   <li>a malformed percent-encoding ({@code %zz}, {@code %4});
   *   <li>an encoded control character ({@code %00}–{@code %1F}, {@code %7F}): C backends cut at
   *       NUL, and CR/LF end up in logs and redirects;
   *   <li>an encoded slash ({@code %2F}) or any backslash (raw or {@code %5C}): some servers take
   *       them as segment separators, others not, so the segments a route sees are not the
   *       backend's;
   *   <li>a dot-segment with parameters ({@code ..;/}, {@code .;x}): some servers (Tomcat, Jetty)
   *       drop the parameters and climb, others keep the segment as a name;
   *   <li>a {@code ..} that would climb above the root.
   * </ul>
   */
  public static String normalize(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return null;
    }
    if (rawPath.indexOf('%') < 0 && rawPath.indexOf('\\') < 0 && !rawPath.contains("/.")) {
      // Most paths: nothing encoded, no segment starting with a dot, so nothing to change.
      return rawPath;
    }
    String decoded = decodeUnreserved(rawPath);
    if (decoded == null) {
      return null;
    }
    // Segments after the leading '/'; a trailing '/' gives a last empty segment.
    List<String> out = new ArrayList<>();
    int start = 1;
    boolean trailingSlash = false;
    while (start <= decoded.length()) {
      int slash = decoded.indexOf('/', start);
      int end = slash < 0 ? decoded.length() : slash;
      String seg = decoded.substring(start, end);
      boolean last = slash < 0;
      int semi = seg.indexOf(';');
      String name = semi < 0 ? seg : seg.substring(0, semi);
      if (semi >= 0 && (name.equals(".") || name.equals(".."))) {
        // A dot-segment in disguise: servers disagree on it.
        return null;
      }
      if (seg.equals(".")) {
        // "." goes; when last, the path keeps its trailing slash (RFC 3986 §5.2.4).
        trailingSlash = last;
      } else if (seg.equals("..")) {
        if (out.isEmpty()) {
          // Above the root: nothing sensible to forward.
          return null;
        }
        out.remove(out.size() - 1);
        trailingSlash = last;
      } else {
        out.add(seg);
        trailingSlash = false;
      }
      start = end + 1;
    }
    StringBuilder b = new StringBuilder(decoded.length());
    for (int i = 0; i < out.size(); i++) {
      b.append('/').append(out.get(i));
    }
    if (trailingSlash || b.length() == 0) {
      b.append('/');
    }
    String result = b.toString();
    return result.equals(rawPath) ? rawPath : result;
  }

  /** {@code raw} with unreserved characters decoded, or {@code null} if refused (see above). */
  private static String decodeUnreserved(String raw) {
    if (raw.indexOf('%') < 0) {
      // The common case: nothing to decode, only the backslash to check.
      return raw.indexOf('\\') < 0 ? raw : null;
    }
    StringBuilder b = new StringBuilder(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '\\') {
        return null;
      }
      if (c != '%') {
        b.append(c);
        continue;
      }
      if (i + 2 >= raw.length()) {
        return null;
      }
      int hi = Character.digit(raw.charAt(i + 1), 16);
      int lo = Character.digit(raw.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      int v = hi << 4 | lo;
      if (v < 0x20 || v == 0x7f || v == '/' || v == '\\') {
        return null;
      }
      if (isUnreserved(v)) {
        b.append((char) v);
      } else {
        b.append('%').append(Character.toUpperCase(raw.charAt(i + 1)));
        b.append(Character.toUpperCase(raw.charAt(i + 2)));
      }
      i += 2;
    }
    return b.toString();
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }
}
