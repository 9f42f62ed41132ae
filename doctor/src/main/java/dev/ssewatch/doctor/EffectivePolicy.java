package dev.ssewatch.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy that runs for one operation, resolved from the documents of its scopes. In API
 * Management each section of a scope's document replaces the enclosing scope's section, and {@code
 * <base />} marks where the enclosing scope's section runs. Statements keep the location of the
 * document they came from, so findings point at the file to change.
 *
 * <p>A {@code <base />} left in the outermost given document stands for a scope that was not given;
 * it stays in the resolved section so rules can say so. A section missing from a document is taken
 * to inherit, as if it held only {@code <base />}.
 */
final class EffectivePolicy {

  static final List<String> SECTIONS = List.of("inbound", "backend", "outbound", "on-error");

  private final Map<String, List<PolicyElement>> sections;
  private final Map<String, Location> sectionLocations;

  private EffectivePolicy(
      Map<String, List<PolicyElement>> sections, Map<String, Location> sectionLocations) {
    this.sections = sections;
    this.sectionLocations = sectionLocations;
  }

  /**
   * @param scopes the scope documents, outermost (global, All APIs) first, innermost (operation)
   *     last
   */
  static EffectivePolicy resolve(List<PolicyElement> scopes) {
    Map<String, List<PolicyElement>> resolved = new LinkedHashMap<>();
    Map<String, Location> locations = new LinkedHashMap<>();
    PolicyElement innermost = scopes.get(scopes.size() - 1);
    for (String name : SECTIONS) {
      List<PolicyElement> effective = null;
      Location where = null;
      for (PolicyElement scope : scopes) {
        PolicyElement section = scope.child(name);
        if (section == null) {
          continue;
        }
        where = section.location();
        List<PolicyElement> out = new ArrayList<>();
        for (PolicyElement statement : section.children()) {
          if (statement.name().equals("base") && effective != null) {
            out.addAll(effective);
          } else {
            out.add(statement);
          }
        }
        effective = out;
      }
      if (effective == null) {
        // No given scope has this section: all of it comes from a scope that was not given.
        Location root = innermost.location();
        where = new Location(root.file(), root.path() + "/" + name, root.line());
        effective = List.of(new PolicyElement("base", Map.of(), "", List.of(), where));
      }
      resolved.put(name, List.copyOf(effective));
      locations.put(name, where);
    }
    return new EffectivePolicy(resolved, locations);
  }

  /** The statements of a section in the order they run. */
  List<PolicyElement> section(String name) {
    return sections.get(name);
  }

  /** Where the innermost document that defines the section defines it. */
  Location sectionLocation(String name) {
    return sectionLocations.get(name);
  }
}
