package dev.ssewatch.doctor;

import dev.ssewatch.core.telemetry.JsonLines;
import java.util.Comparator;
import java.util.List;

/** The findings of one doctor run, most severe first, and how to print them. */
public final class DoctorReport {

  private final List<Finding> findings;

  DoctorReport(List<Finding> findings) {
    // Stable: within a severity, findings stay in scope and document order.
    this.findings =
        findings.stream().sorted(Comparator.comparing(Finding::severity).reversed()).toList();
  }

  public List<Finding> findings() {
    return findings;
  }

  /** 0 when clean (info only), 1 with warnings, 2 with anything critical. */
  public int exitCode() {
    return findings.stream().mapToInt(f -> f.severity().exitCode()).max().orElse(0);
  }

  private long count(Severity s) {
    return findings.stream().filter(f -> f.severity() == s).count();
  }

  /** For people: one block per finding. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    if (findings.isEmpty()) {
      return "No findings: the configuration follows the SSE guidance.\n";
    }
    b.append(
        String.format(
            "%d finding%s: %d critical, %d warning, %d info%n%n",
            findings.size(),
            findings.size() == 1 ? "" : "s",
            count(Severity.CRITICAL),
            count(Severity.WARNING),
            count(Severity.INFO)));
    for (Finding f : findings) {
      b.append(String.format("%-9s %s  %s%n", f.severity().name(), f.rule(), f.location()));
      b.append("          ").append(f.message()).append(System.lineSeparator());
      b.append("          fix: ").append(f.fix()).append(System.lineSeparator());
      b.append(System.lineSeparator());
    }
    return b.toString();
  }

  /** For machines: one JSON object. */
  public String toJson() {
    StringBuilder b = new StringBuilder("{\"findings\":[");
    for (int k = 0; k < findings.size(); k++) {
      Finding f = findings.get(k);
      if (k > 0) {
        b.append(',');
      }
      b.append("{\"rule\":").append(quote(f.rule()));
      b.append(",\"severity\":").append(quote(f.severity().wireName()));
      b.append(",\"file\":").append(quote(f.location().file()));
      b.append(",\"path\":").append(quote(f.location().path()));
      b.append(",\"line\":").append(f.location().line());
      b.append(",\"message\":").append(quote(f.message()));
      b.append(",\"fix\":").append(quote(f.fix()));
      b.append('}');
    }
    b.append("],\"summary\":{\"critical\":").append(count(Severity.CRITICAL));
    b.append(",\"warning\":").append(count(Severity.WARNING));
    b.append(",\"info\":").append(count(Severity.INFO));
    b.append("},\"exit_code\":").append(exitCode()).append("}\n");
    return b.toString();
  }

  /** A JSON string, escaped as the telemetry's JSON lines are. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2);
    JsonLines.appendString(s, b);
    return b.toString();
  }
}
