package dev.ssewatch.core.stream;

/** Request targets as records need them: the path that names a route when none is configured. */
final class RequestTargets {

  private RequestTargets() {}

  /** The path of an origin-form ({@code /a?b}) or absolute ({@code http://h/a?b}) target. */
  static String pathOf(String url) {
    int start = 0;
    int scheme = url.indexOf("://");
    int cut = indexOfAny(url, '?', '#');
    if (scheme >= 0 && (cut < 0 || scheme < cut)) {
      int slash = url.indexOf('/', scheme + 3);
      if (slash < 0 || (cut >= 0 && slash > cut)) {
        return "/";
      }
      start = slash;
    }
    String path = cut < 0 ? url.substring(start) : url.substring(start, cut);
    return path.isEmpty() ? "/" : path;
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
