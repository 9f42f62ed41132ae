package dev.ssewatch.doctor;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an API Management policy document into {@link PolicyElement}s with line numbers. A
 * streaming (StAX) pass is used because a DOM does not keep line numbers.
 */
final class PolicyReader {

  private PolicyReader() {}

  static PolicyElement read(Path file, String displayName) throws DoctorInputException {
    String xml;
    try {
      xml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DoctorInputException("cannot read policy '" + displayName + "': " + e, e);
    }
    return parse(xml, displayName);
  }

  static PolicyElement parse(String xml, String displayName) throws DoctorInputException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    // Policies come from users' repositories: no DTDs, no external entities.
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    // Editors on Windows save a byte order mark, which StAX rejects in a String.
    String text = xml.startsWith("\uFEFF") ? xml.substring(1) : xml;
    // Portal exports in "rawxml" format leave policy expressions unescaped.
    String wellFormed = RawExpressions.escape(text);
    XMLStreamReader r = null;
    try {
      r = factory.createXMLStreamReader(new StringReader(wellFormed));
      Builder root = null;
      List<Builder> stack = new ArrayList<>();
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          Builder b = new Builder(r.getLocalName(), r.getLocation().getLineNumber());
          for (int i = 0; i < r.getAttributeCount(); i++) {
            b.attributes.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
          }
          if (stack.isEmpty()) {
            root = b;
          } else {
            stack.get(stack.size() - 1).children.add(b);
          }
          stack.add(b);
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          stack.remove(stack.size() - 1);
        } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
            && !stack.isEmpty()) {
          stack.get(stack.size() - 1).text.append(r.getText());
        }
      }
      if (root == null) {
        throw new DoctorInputException("policy '" + displayName + "' has no root element");
      }
      if (!root.name.equals("policies")) {
        throw new DoctorInputException(
            "policy '"
                + displayName
                + "' starts with <"
                + root.name
                + ">, expected <policies> (an API Management policy document)");
      }
      return root.build(displayName, root.name);
    } catch (XMLStreamException e) {
      int line = e.getLocation() == null ? -1 : e.getLocation().getLineNumber();
      throw new DoctorInputException(
          "policy '"
              + displayName
              + "' is not well-formed XML"
              + (line > 0 ? " at line " + line : "")
              + ": "
              + firstLine(e.getMessage()),
          e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // Nothing is held open: the source is a string.
        }
      }
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    // The JDK prefixes "ParseError at [row,col]:[r,c]\nMessage: "; keep the message.
    int m = message.indexOf("Message: ");
    return (m >= 0 ? message.substring(m + 9) : message).strip();
  }

  /** Mutable while reading; paths are assigned once siblings are known. */
  private static final class Builder {
    final String name;
    final int line;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final StringBuilder text = new StringBuilder();
    final List<Builder> children = new ArrayList<>();

    Builder(String name, int line) {
      this.name = name;
      this.line = line;
    }

    PolicyElement build(String file, String path) {
      Map<String, Integer> totals = new HashMap<>();
      for (Builder c : children) {
        totals.merge(c.name, 1, Integer::sum);
      }
      Map<String, Integer> seen = new HashMap<>();
      List<PolicyElement> built = new ArrayList<>(children.size());
      for (Builder c : children) {
        int n = seen.merge(c.name, 1, Integer::sum);
        String childPath = path + "/" + c.name + (totals.get(c.name) > 1 ? "[" + n + "]" : "");
        built.add(c.build(file, childPath));
      }
      return new PolicyElement(
          name,
          Map.copyOf(attributes),
          text.toString().strip(),
          List.copyOf(built),
          new Location(file, path, line));
    }
  }
}
