package dev.ssewatch.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body-logging rule for exported diagnostic settings. Accepts the shapes the tools produce: one
 * diagnostic as {@code az apim api diagnostic show} prints it (settings at the top level) or as the
 * REST API returns it (settings under {@code properties}), an array of them, a {@code {"value":
 * […]}} list, and ARM templates ({@code resources}, nested or not).
 */
final class DiagnosticsRules {

  private static final Pattern LOGGER =
      Pattern.compile("(applicationinsights|azuremonitor)", Pattern.CASE_INSENSITIVE);
  private static final Pattern API_IN_ID =
      Pattern.compile("/apis/([^/]+)/diagnostics", Pattern.CASE_INSENSITIVE);
  private static final Pattern ARM_LITERAL = Pattern.compile("'([^']*)'");

  private final String file;
  private final List<Finding> findings = new ArrayList<>();
  private int diagnostics;

  private DiagnosticsRules(String file) {
    this.file = file;
  }

  static List<Finding> check(JsonNode root, String file) throws DoctorInputException {
    DiagnosticsRules rules = new DiagnosticsRules(file);
    rules.walk(root, "");
    if (rules.diagnostics == 0 && !isEmptyList(root)) {
      throw new DoctorInputException(
          "no diagnostic settings found in '"
              + file
              + "': expected objects with frontend/backend settings, as exported by az apim"
              + " (api) diagnostic show/list, the REST API or an ARM template");
    }
    return List.copyOf(rules.findings);
  }

  private static boolean isEmptyList(JsonNode root) {
    List<JsonNode> list = root.asArray();
    if (list == null && root.get("value") != null) {
      list = root.get("value").asArray();
    }
    return list != null && list.isEmpty();
  }

  private void walk(JsonNode node, String path) {
    List<JsonNode> array = node.asArray();
    if (array != null) {
      for (int k = 0; k < array.size(); k++) {
        walk(array.get(k), path + "[" + k + "]");
      }
      return;
    }
    Map<String, JsonNode> object = node.asObject();
    if (object == null) {
      return;
    }
    if (isSettings(node.get("properties"))) {
      diagnostics++;
      checkDiagnostic(node, node.get("properties"), join(path, "properties"));
    } else if (isSettings(node)) {
      diagnostics++;
      checkDiagnostic(node, node, path);
    }
    for (String container : List.of("value", "resources")) {
      JsonNode child = node.get(container);
      if (child != null) {
        walk(child, join(path, container));
      }
    }
  }

  private static boolean isSettings(JsonNode node) {
    return node != null
        && node.asObject() != null
        && (node.get("frontend") != null || node.get("backend") != null);
  }

  private void checkDiagnostic(JsonNode diagnostic, JsonNode settings, String path) {
    String logger = loggerName(diagnostic);
    String scope = scope(diagnostic);
    for (String side : List.of("frontend", "backend")) {
      for (String direction : List.of("request", "response")) {
        JsonNode bytes = at(settings, side, direction, "body", "bytes");
        if (bytes == null) {
          continue;
        }
        String where = join(path, side + "." + direction + ".body.bytes");
        Location location = new Location(file, where, bytes.line());
        String what = side + " " + direction + " bodies";
        Severity severity = direction.equals("response") ? Severity.CRITICAL : Severity.WARNING;
        String fix =
            "set "
                + side
                + "."
                + direction
                + ".body.bytes to 0 (portal: Number of payload bytes to log = 0) in this"
                + " diagnostic";
        Double value = number(bytes);
        if (value == null && bytes.asString() != null) {
          findings.add(
              new Finding(
                  "diagnostic_body_logging",
                  Severity.WARNING,
                  location,
                  logger
                      + " diagnostic at "
                      + scope
                      + " sets the bytes of "
                      + what
                      + " to log by an expression ("
                      + bytes.asString()
                      + ") that cannot be checked here",
                  "make sure it evaluates to 0 for SSE APIs"));
        } else if (value != null && value > 0) {
          findings.add(
              new Finding(
                  "diagnostic_body_logging",
                  severity,
                  location,
                  logger
                      + " diagnostic at "
                      + scope
                      + " logs up to "
                      + (long) value.doubleValue()
                      + " bytes of "
                      + what
                      + (scope.startsWith("the All APIs")
                          ? ", for every API that does not override it;"
                          : ";")
                      + (direction.equals("response")
                          ? " body logging makes the gateway buffer SSE responses"
                              + (side.equals("frontend") && scope.startsWith("the All APIs")
                                  ? ", and MCP servers exposed through API Management need"
                                      + " frontend response logging at 0 bytes at this scope"
                                  : "")
                          : " the guidance is to turn body logging off for SSE APIs, as it can"
                              + " cause unexpected buffering"),
                  fix));
        }
      }
    }
  }

  private static JsonNode at(JsonNode node, String... names) {
    JsonNode n = node;
    for (String name : names) {
      if (n == null) {
        return null;
      }
      n = n.get(name);
    }
    return n;
  }

  private static Double number(JsonNode node) {
    if (node.value() instanceof Double d) {
      return d;
    }
    String s = node.asString();
    if (s != null && s.strip().matches("[0-9]+")) {
      return Double.valueOf(s.strip());
    }
    return null;
  }

  private static String loggerName(JsonNode diagnostic) {
    for (String field : List.of("name", "id", "loggerId")) {
      String v = text(diagnostic, field);
      Matcher m = v == null ? null : LOGGER.matcher(v);
      String last = null;
      while (m != null && m.find()) {
        last = m.group(1).toLowerCase(Locale.ROOT);
      }
      if (last != null) {
        return last.equals("azuremonitor") ? "Azure Monitor" : "Application Insights";
      }
    }
    String name = text(diagnostic, "name");
    return name == null ? "A" : "The '" + name + "'";
  }

  private static String scope(JsonNode diagnostic) {
    String type = text(diagnostic, "type");
    String id = text(diagnostic, "id");
    if (id != null) {
      Matcher m = API_IN_ID.matcher(id);
      if (m.find()) {
        return "the scope of API '" + m.group(1) + "'";
      }
      if (id.toLowerCase(Locale.ROOT).contains("/diagnostics/")) {
        return "the All APIs scope";
      }
    }
    if (type != null) {
      String t = type.toLowerCase(Locale.ROOT);
      if (t.equals("apis/diagnostics") || t.endsWith("/apis/diagnostics")) {
        String api = apiFromName(text(diagnostic, "name"));
        return api == null ? "an API scope" : "the scope of API '" + api + "'";
      }
      if (t.equals("diagnostics") || t.endsWith("service/diagnostics")) {
        return "the All APIs scope";
      }
    }
    return "an unknown scope";
  }

  /** The API segment of an ARM name: {@code svc/api/logger} or its concat() form. */
  private static String apiFromName(String name) {
    if (name == null) {
      return null;
    }
    String plain = name;
    if (name.startsWith("[")) {
      StringBuilder b = new StringBuilder();
      Matcher m = ARM_LITERAL.matcher(name);
      while (m.find()) {
        b.append(m.group(1));
      }
      plain = "service" + (b.length() > 0 && b.charAt(0) == '/' ? "" : "/") + b;
    }
    String[] parts = plain.split("/");
    return parts.length >= 3 && !parts[parts.length - 2].isEmpty() ? parts[parts.length - 2] : null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null ? null : v.asString();
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
