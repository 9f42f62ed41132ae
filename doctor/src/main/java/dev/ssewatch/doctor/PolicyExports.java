package dev.ssewatch.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Policies as API Management exports them, resolved into the scope chains that run: an ARM template
 * (or a compiled Bicep file, or a REST list response) with the policy XML escaped inside JSON, or a
 * directory as the APIOps extractor lays it out ({@code policy.xml}, {@code products/P/policy.xml},
 * {@code apis/A/policy.xml}, {@code apis/A/operations/O/policy.xml}).
 *
 * <p>Each chain is one effective policy: global, then the policy of one product that holds the API
 * (API Management runs the product of the subscription used, so each product is its own chain),
 * then the API's, then an operation's. An API with operation policies gets one chain per operation
 * and one for its other operations.
 */
final class PolicyExports {

  /** One scope chain, outermost first, and what it is, for the user. */
  record Chain(String label, List<PolicyElement> scopes) {}

  /** The policies found, by scope, and the service tier if the export names one. */
  record Export(List<Chain> chains, List<Finding> findings, String sku, Location skuAt) {}

  private static final Pattern ARM_LITERAL = Pattern.compile("'([^']*)'");

  private PolicyElement global;
  private final Map<String, PolicyElement> products = new TreeMap<>();
  private final Map<String, PolicyElement> apis = new TreeMap<>();
  private final Map<String, Map<String, PolicyElement>> operations = new TreeMap<>();
  private final Map<String, List<String>> productsOfApi = new LinkedHashMap<>();
  private final List<Finding> findings = new ArrayList<>();
  private String sku;
  private Location skuAt;

  private PolicyExports() {}

  /** Whether {@code p} is an export rather than one policy document. */
  static boolean isExport(Path p) {
    return Files.isDirectory(p)
        || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
  }

  static Export read(Path p) throws DoctorInputException {
    PolicyExports e = new PolicyExports();
    if (Files.isDirectory(p)) {
      e.readDirectory(p);
    } else {
      e.readJson(p);
    }
    if (e.global == null && e.apis.isEmpty() && e.operations.isEmpty() && e.products.isEmpty()) {
      throw new DoctorInputException(
          "no policies found in '"
              + p
              + "': expected an ARM template or REST list with service/…/policies resources, or a"
              + " directory with policy.xml, products/*/policy.xml, apis/*/policy.xml,"
              + " apis/*/operations/*/policy.xml");
    }
    return new Export(e.chains(), List.copyOf(e.findings), e.sku, e.skuAt);
  }

  // ---- ARM templates and REST lists

  private void readJson(Path file) throws DoctorInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException ex) {
      throw new DoctorInputException("cannot read policy export '" + file + "': " + ex, ex);
    }
    JsonNode root;
    try {
      root = JsonTree.parse(text);
    } catch (IllegalArgumentException ex) {
      throw new DoctorInputException(
          "policy export '" + file + "' is not valid JSON: " + ex.getMessage(), ex);
    }
    walk(root, "", "", List.of(), file.toString());
  }

  /**
   * @param parentType the full type of the enclosing resource, for nested {@code resources}
   * @param parentNames the name segments of the enclosing resource
   */
  private void walk(
      JsonNode node, String path, String parentType, List<String> parentNames, String file)
      throws DoctorInputException {
    List<JsonNode> array = node.asArray();
    if (array != null) {
      for (int k = 0; k < array.size(); k++) {
        walk(array.get(k), path + "[" + k + "]", parentType, parentNames, file);
      }
      return;
    }
    if (node.asObject() == null) {
      return;
    }
    String type = text(node, "type");
    String fullType = parentType;
    List<String> names = parentNames;
    if (type != null) {
      fullType = type.contains("/") || parentType.isEmpty() ? type : parentType + "/" + type;
      names = nameSegments(node, parentNames);
      classify(node, path, fullType.toLowerCase(Locale.ROOT), names, file);
    }
    for (String container : List.of("value", "resources")) {
      JsonNode child = node.get(container);
      if (child != null && child.asArray() != null) {
        walk(child, join(path, container), fullType, names, file);
      }
    }
  }

  private void classify(
      JsonNode resource, String path, String type, List<String> names, String file)
      throws DoctorInputException {
    if (type.endsWith("microsoft.apimanagement/service")) {
      JsonNode skuName = resource.get("sku") == null ? null : resource.get("sku").get("name");
      if (skuName != null && skuName.asString() != null && !skuName.asString().startsWith("[")) {
        sku = skuName.asString();
        skuAt = new Location(file, join(path, "sku.name"), skuName.line());
      }
      return;
    }
    if (type.endsWith("service/products/apis") && names.size() >= 3) {
      productsOfApi
          .computeIfAbsent(names.get(names.size() - 1), k -> new ArrayList<>())
          .add(names.get(names.size() - 2));
      return;
    }
    if (!type.endsWith("/policies")) {
      return;
    }
    JsonNode properties = resource.get("properties");
    JsonNode value = properties == null ? null : properties.get("value");
    if (value == null || value.asString() == null) {
      return;
    }
    String format = properties.get("format") == null ? "xml" : properties.get("format").asString();
    String where = join(path, "properties.value");
    if (format != null && format.toLowerCase(Locale.ROOT).endsWith("-link")) {
      findings.add(
          new Finding(
              "policy_link_unchecked",
              Severity.INFO,
              new Location(file, where, value.line()),
              "the policy is given as a link (" + format + "), which doctor does not fetch",
              "export the policy inline (format xml or rawxml) to have it checked"));
      return;
    }
    // Segments: service, [product | api], [operation], policy name.
    if (type.endsWith("service/policies")) {
      global = parse(value, file, where, "global");
    } else if (type.endsWith("service/products/policies") && names.size() >= 3) {
      String product = names.get(names.size() - 2);
      products.put(product, parse(value, file, where, "product '" + product + "'"));
    } else if (type.endsWith("service/apis/operations/policies") && names.size() >= 4) {
      String api = names.get(names.size() - 3);
      String op = names.get(names.size() - 2);
      operations
          .computeIfAbsent(api, k -> new TreeMap<>())
          .put(op, parse(value, file, where, "operation '" + api + "/" + op + "'"));
    } else if (type.endsWith("service/apis/policies") && names.size() >= 3) {
      String api = names.get(names.size() - 2);
      apis.put(api, parse(value, file, where, "API '" + api + "'"));
    }
  }

  private static PolicyElement parse(JsonNode value, String file, String where, String scope)
      throws DoctorInputException {
    // Lines are the policy's own, counted from the start of the escaped string.
    return PolicyReader.parse(value.asString(), file + " " + where + " (" + scope + " policy)");
  }

  /**
   * A resource's name as segments: {@code svc/api/policy}, its ARM {@code concat()} form, or the
   * scope path of a REST {@code id}; nested resources add their name to the parent's.
   */
  private static List<String> nameSegments(JsonNode resource, List<String> parent) {
    String id = text(resource, "id");
    if (id != null && id.toLowerCase(Locale.ROOT).contains("/providers/microsoft.apimanagement/")) {
      String[] parts = id.split("/");
      List<String> out = new ArrayList<>();
      // /subscriptions/…/providers/Microsoft.ApiManagement/service/{svc}/apis/{api}/…: the values.
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].equalsIgnoreCase("service")) {
          for (int j = i + 1; j < parts.length; j += 2) {
            out.add(parts[j]);
          }
          break;
        }
      }
      return out;
    }
    String name = text(resource, "name");
    if (name == null) {
      return parent;
    }
    String plain = name;
    if (name.startsWith("[")) {
      StringBuilder b = new StringBuilder("service");
      Matcher m = ARM_LITERAL.matcher(name);
      while (m.find()) {
        b.append(m.group(1));
      }
      plain = b.toString();
    }
    List<String> out =
        new ArrayList<>(parent.isEmpty() || plain.contains("/") ? List.of() : parent);
    for (String s : plain.split("/")) {
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  // ---- APIOps directories

  private void readDirectory(Path dir) throws DoctorInputException {
    Path g = dir.resolve("policy.xml");
    if (Files.isRegularFile(g)) {
      global = PolicyReader.read(g, g.toString());
    }
    for (Path p : children(dir.resolve("products"))) {
      Path policy = p.resolve("policy.xml");
      String product = p.getFileName().toString();
      if (Files.isRegularFile(policy)) {
        products.put(product, PolicyReader.read(policy, policy.toString()));
      }
      Path members = p.resolve("apis.json");
      if (Files.isRegularFile(members)) {
        for (String api : apiNames(members)) {
          productsOfApi.computeIfAbsent(api, k -> new ArrayList<>()).add(product);
        }
      }
    }
    for (Path a : children(dir.resolve("apis"))) {
      String api = a.getFileName().toString();
      Path policy = a.resolve("policy.xml");
      if (Files.isRegularFile(policy)) {
        apis.put(api, PolicyReader.read(policy, policy.toString()));
      }
      for (Path o : children(a.resolve("operations"))) {
        Path op = o.resolve("policy.xml");
        if (Files.isRegularFile(op)) {
          operations
              .computeIfAbsent(api, k -> new TreeMap<>())
              .put(o.getFileName().toString(), PolicyReader.read(op, op.toString()));
        }
      }
    }
  }

  private static List<Path> children(Path dir) throws DoctorInputException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new DoctorInputException("cannot list '" + dir + "': " + e, e);
    }
  }

  /** {@code ["a", "b"]} or {@code [{"name": "a"}, …]}: the extractor has written both. */
  private static List<String> apiNames(Path file) throws DoctorInputException {
    try {
      JsonNode root = JsonTree.parse(Files.readString(file, StandardCharsets.UTF_8));
      List<String> out = new ArrayList<>();
      for (JsonNode item : root.asArray() == null ? List.<JsonNode>of() : root.asArray()) {
        String name = item.asString() != null ? item.asString() : text(item, "name");
        if (name != null) {
          out.add(name);
        }
      }
      return out;
    } catch (IOException | IllegalArgumentException e) {
      throw new DoctorInputException("cannot read '" + file + "': " + e.getMessage(), e);
    }
  }

  // ---- chains

  private List<Chain> chains() {
    List<Chain> out = new ArrayList<>();
    List<String> apiNames = new ArrayList<>(apis.keySet());
    for (String api : operations.keySet()) {
      if (!apiNames.contains(api)) {
        apiNames.add(api);
      }
    }
    if (apiNames.isEmpty()) {
      for (Map.Entry<String, PolicyElement> p : products.entrySet()) {
        out.add(chain("product '" + p.getKey() + "'", p.getValue(), null, null));
      }
      if (out.isEmpty()) {
        out.add(chain("global", null, null, null));
      }
      return out;
    }
    for (String api : apiNames) {
      List<String> viaProducts = new ArrayList<>();
      for (String product : productsOfApi.getOrDefault(api, List.of())) {
        if (products.containsKey(product)) {
          viaProducts.add(product);
        }
      }
      if (viaProducts.isEmpty()) {
        viaProducts.add(null);
      }
      for (String product : viaProducts) {
        PolicyElement productPolicy = product == null ? null : products.get(product);
        String via = product == null ? "" : " through product '" + product + "'";
        out.add(chain("API '" + api + "'" + via, productPolicy, apis.get(api), null));
        for (Map.Entry<String, PolicyElement> op :
            operations.getOrDefault(api, Map.of()).entrySet()) {
          out.add(
              chain(
                  "operation '" + api + "/" + op.getKey() + "'" + via,
                  productPolicy,
                  apis.get(api),
                  op.getValue()));
        }
      }
    }
    return out;
  }

  private Chain chain(
      String label, PolicyElement product, PolicyElement api, PolicyElement operation) {
    List<PolicyElement> scopes = new ArrayList<>();
    for (PolicyElement e : new PolicyElement[] {global, product, api, operation}) {
      if (e != null) {
        scopes.add(e);
      }
    }
    return new Chain(label, scopes);
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null ? null : v.asString();
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
