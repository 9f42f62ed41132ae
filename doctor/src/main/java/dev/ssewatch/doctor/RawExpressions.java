package dev.ssewatch.doctor;

/**
 * Makes a policy document in API Management's "rawxml" form well-formed XML. In that form policy
 * expressions ({@code @(…)}, {@code @{…}}) keep C# as written, so {@code As<JObject>()}, {@code &&}
 * and quotes inside quoted attributes are not escaped. Expressions are found by balancing their
 * brackets outside C# string and character literals, and only their characters are escaped; line
 * breaks are never added or removed, so line numbers stay true. Already escaped documents pass
 * through unchanged apart from entities, which are kept.
 */
final class RawExpressions {

  private RawExpressions() {}

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 64);
    int i = 0;
    int n = s.length();
    boolean inTag = false;
    while (i < n) {
      char c = s.charAt(i);
      if (!inTag) {
        if (s.startsWith("<!--", i)) {
          i = copyThrough(s, i, "-->", out);
        } else if (s.startsWith("<![CDATA[", i)) {
          i = copyThrough(s, i, "]]>", out);
        } else if (s.startsWith("<?", i)) {
          i = copyThrough(s, i, "?>", out);
        } else if (s.startsWith("<!", i)) {
          i = copyThrough(s, i, ">", out);
        } else if (c == '<') {
          inTag = true;
          out.append(c);
          i++;
        } else if (isExpressionStart(s, i)) {
          i = copyExpression(s, i, out, (char) 0);
        } else {
          out.append(c);
          i++;
        }
      } else if (c == '"' || c == '\'') {
        out.append(c);
        i++;
        if (isExpressionStart(s, i)) {
          i = copyExpression(s, i, out, c);
        }
        while (i < n && s.charAt(i) != c) {
          out.append(s.charAt(i));
          i++;
        }
        if (i < n) {
          out.append(c);
          i++;
        }
      } else {
        if (c == '>') {
          inTag = false;
        }
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isExpressionStart(String s, int i) {
    return i + 1 < s.length()
        && s.charAt(i) == '@'
        && (s.charAt(i + 1) == '(' || s.charAt(i + 1) == '{');
  }

  private static int copyThrough(String s, int i, String end, StringBuilder out) {
    int e = s.indexOf(end, i);
    int stop = e < 0 ? s.length() : e + end.length();
    out.append(s, i, stop);
    return stop;
  }

  /** Copies one expression from its {@code @}, escaping; returns the index after it. */
  private static int copyExpression(String s, int start, StringBuilder out, char quote) {
    char open = s.charAt(start + 1);
    char close = open == '(' ? ')' : '}';
    out.append('@').append(open);
    int i = start + 2;
    int depth = 1;
    int n = s.length();
    while (i < n && depth > 0) {
      char c = s.charAt(i);
      if (c == '"' || (c == '\'' && quote != '\'')) {
        i = copyLiteral(s, i, out, quote);
        continue;
      }
      if (c == open) {
        depth++;
      } else if (c == close) {
        depth--;
      }
      append(s, i, out, quote);
      i++;
    }
    return i;
  }

  /** A C# string or character literal, verbatim strings included. */
  private static int copyLiteral(String s, int start, StringBuilder out, char quote) {
    char delimiter = s.charAt(start);
    boolean verbatim = delimiter == '"' && start > 0 && s.charAt(start - 1) == '@';
    append(s, start, out, quote);
    int i = start + 1;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (!verbatim && c == '\\' && i + 1 < n) {
        append(s, i, out, quote);
        append(s, i + 1, out, quote);
        i += 2;
        continue;
      }
      if (c == delimiter) {
        if (verbatim && i + 1 < n && s.charAt(i + 1) == '"') {
          append(s, i, out, quote);
          append(s, i + 1, out, quote);
          i += 2;
          continue;
        }
        append(s, i, out, quote);
        return i + 1;
      }
      append(s, i, out, quote);
      i++;
    }
    return i;
  }

  private static void append(String s, int i, StringBuilder out, char quote) {
    char c = s.charAt(i);
    switch (c) {
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '&':
        out.append(isEntity(s, i) ? "&" : "&amp;");
        break;
      case '"':
        out.append(quote == '"' ? "&quot;" : "\"");
        break;
      case '\'':
        out.append(quote == '\'' ? "&apos;" : "'");
        break;
      default:
        out.append(c);
    }
  }

  /** Whether an XML entity or character reference starts at {@code i}. */
  private static boolean isEntity(String s, int i) {
    int semi = s.indexOf(';', i);
    if (semi < 0 || semi - i > 10 || semi == i + 1) {
      return false;
    }
    String body = s.substring(i + 1, semi);
    return body.matches("[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+");
  }
}
