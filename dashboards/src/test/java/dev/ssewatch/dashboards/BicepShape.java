package dev.ssewatch.dashboards;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A light structural reading of a Bicep file (no Bicep compiler here): declared parameters,
 * resource types, alert dimensions, bracket balance outside strings and comments.
 */
final class BicepShape {

  private BicepShape() {}

  private static final Pattern PARAM =
      Pattern.compile("(?m)^param\\s+([A-Za-z_][A-Za-z0-9_]*)\\s+\\w+(\\s*=)?");
  private static final Pattern RESOURCE = Pattern.compile("(?m)^resource\\s+\\w+\\s+'([^']+)'");
  private static final Pattern DIMENSIONS = Pattern.compile("\\bdimensions\\s*:\\s*\\[");
  private static final Pattern DIMENSION_NAME = Pattern.compile("\\bname\\s*:\\s*'([^']+)'");

  static Set<String> params(String bicep) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = PARAM.matcher(bicep);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  static Set<String> requiredParams(String bicep) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = PARAM.matcher(bicep);
    while (m.find()) {
      if (m.group(2) == null) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  static List<String> resourceTypes(String bicep) {
    List<String> out = new ArrayList<>();
    Matcher m = RESOURCE.matcher(bicep);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The dimension names of each {@code dimensions: [...]} block, in file order. */
  static List<List<String>> dimensionNames(String bicep) {
    List<List<String>> out = new ArrayList<>();
    String code = withoutStrings(bicep);
    Matcher m = DIMENSIONS.matcher(code);
    while (m.find()) {
      int depth = 1;
      int end = m.end();
      while (depth > 0 && end < code.length()) {
        char c = code.charAt(end++);
        depth += c == '[' ? 1 : c == ']' ? -1 : 0;
      }
      List<String> names = new ArrayList<>();
      Matcher n = DIMENSION_NAME.matcher(bicep.substring(m.start(), end));
      while (n.find()) {
        names.add(n.group(1));
      }
      out.add(names);
    }
    return out;
  }

  /** Whether {@code param} is referenced outside its own declaration. */
  static boolean uses(String bicep, String param) {
    String code = withoutStrings(bicep).replaceAll("(?m)^param\\s+" + param + "\\b", "");
    return Pattern.compile("(?<![\\w.])" + param + "\\b").matcher(code).find()
        || bicep.contains("${" + param + "}");
  }

  /** Braces, brackets and parentheses balance once strings and comments are blanked out. */
  static boolean balanced(String bicep) {
    String code = withoutStrings(bicep);
    java.util.Deque<Character> stack = new java.util.ArrayDeque<>();
    for (char c : code.toCharArray()) {
      switch (c) {
        case '{', '[', '(' -> stack.push(c);
        case '}' -> {
          if (stack.isEmpty() || stack.pop() != '{') {
            return false;
          }
        }
        case ']' -> {
          if (stack.isEmpty() || stack.pop() != '[') {
            return false;
          }
        }
        case ')' -> {
          if (stack.isEmpty() || stack.pop() != '(') {
            return false;
          }
        }
        default -> {}
      }
    }
    return stack.isEmpty();
  }

  /**
   * Blanks multi-line strings, single-quoted strings (keeping the same length, so offsets still
   * match) and whole-line comments.
   */
  static String withoutStrings(String bicep) {
    StringBuilder out = new StringBuilder(bicep);
    Matcher multi = Pattern.compile("'''.*?'''", Pattern.DOTALL).matcher(bicep);
    while (multi.find()) {
      blank(out, multi.start(), multi.end());
    }
    Matcher comment = Pattern.compile("(?m)^\\s*//[^\\n]*").matcher(out.toString());
    while (comment.find()) {
      blank(out, comment.start(), comment.end());
    }
    Matcher single = Pattern.compile("'(?:[^'\\\\\\n]|\\\\.)*'").matcher(out.toString());
    while (single.find()) {
      blank(out, single.start(), single.end());
    }
    return out.toString();
  }

  private static void blank(StringBuilder sb, int from, int to) {
    for (int i = from; i < to; i++) {
      if (sb.charAt(i) != '\n') {
        sb.setCharAt(i, ' ');
      }
    }
  }
}
