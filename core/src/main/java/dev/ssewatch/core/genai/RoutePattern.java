package dev.ssewatch.core.genai;

/**
 * A request path pattern: segments separated by {@code /}, where {@code *} matches one segment and
 * {@code **} any number of them (none included). Matched against the path only, never the query.
 */
record RoutePattern(GenAiApi api, String pattern) {

  RoutePattern {
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("a route pattern starts with /: '" + pattern + "'");
    }
  }

  boolean matches(String path) {
    return match(pattern, 1, path, path.startsWith("/") ? 1 : 0);
  }

  /** Matches pattern segments from {@code p} against path segments from {@code s}. */
  private static boolean match(String pat, int p, String path, int s) {
    int pl = pat.length();
    int sl = path.length();
    if (p >= pl) {
      // Pattern used up: the path must be too (a trailing slash is allowed).
      return s >= sl || (s == sl - 1 && path.charAt(s) == '/');
    }
    int pe = end(pat, p);
    if (pe - p == 2 && pat.charAt(p) == '*' && pat.charAt(p + 1) == '*') {
      // ** : try the rest of the pattern at this segment and at every later one.
      int next = pe + 1;
      for (int at = s; ; ) {
        if (match(pat, next, path, at)) {
          return true;
        }
        if (at >= sl) {
          return false;
        }
        at = end(path, at) + 1;
      }
    }
    if (s >= sl) {
      return false;
    }
    int se = end(path, s);
    boolean segment =
        (pe - p == 1 && pat.charAt(p) == '*' && se > s)
            || (pe - p == se - s && pat.regionMatches(true, p, path, s, pe - p));
    return segment && match(pat, pe + 1, path, se + 1);
  }

  private static int end(String s, int from) {
    int i = s.indexOf('/', from);
    return i < 0 ? s.length() : i;
  }
}
