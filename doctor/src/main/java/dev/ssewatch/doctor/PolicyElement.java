package dev.ssewatch.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One element of a policy document, with where it stands in its file.
 *
 * @param name the local name, e.g. {@code forward-request}
 * @param attributes attribute values by local name
 * @param text the character data directly inside the element, trimmed ("" when none)
 * @param children child elements in document order
 * @param location the file, XPath-like path and line of the start tag
 */
record PolicyElement(
    String name,
    Map<String, String> attributes,
    String text,
    List<PolicyElement> children,
    Location location) {

  /** The first child named {@code childName}, or {@code null}. */
  PolicyElement child(String childName) {
    for (PolicyElement c : children) {
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  /** The attribute's value, or {@code null} when absent. */
  String attribute(String attributeName) {
    return attributes.get(attributeName);
  }

  /** This element and all its descendants, depth first in document order. */
  List<PolicyElement> selfAndDescendants() {
    List<PolicyElement> out = new ArrayList<>();
    collect(this, out);
    return out;
  }

  private static void collect(PolicyElement e, List<PolicyElement> out) {
    out.add(e);
    for (PolicyElement c : e.children) {
      collect(c, out);
    }
  }
}
