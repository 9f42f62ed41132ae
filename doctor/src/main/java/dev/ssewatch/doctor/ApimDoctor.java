package dev.ssewatch.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Checks an API Management configuration against the SSE guidance: the policies of one operation's
 * scopes, exported diagnostic settings and the service tier.
 */
public final class ApimDoctor {

  /** Streams are expected to last at least this long unless the user says otherwise. */
  public static final Duration DEFAULT_EXPECTED_STREAM_DURATION = Duration.ofMinutes(4);

  private ApimDoctor() {}

  /**
   * @param policies policy documents, outermost scope (global) first, innermost (operation) last;
   *     may be empty
   * @param diagnostics exported diagnostic settings files
   * @param sku the service tier, or {@code null} when not given
   */
  public static DoctorReport check(
      List<Path> policies, List<Path> diagnostics, String sku, Duration expectedStreamDuration)
      throws DoctorInputException {
    if (policies.isEmpty() && diagnostics.isEmpty() && sku == null) {
      throw new DoctorInputException(
          "nothing to check: give --policy, --diagnostics or --sku (see --help)");
    }
    List<Finding> findings = new ArrayList<>();
    if (policies.size() == 1 && PolicyExports.isExport(policies.get(0))) {
      PolicyExports.Export export = PolicyExports.read(policies.get(0));
      findings.addAll(export.findings());
      for (PolicyExports.Chain chain : export.chains()) {
        findings.addAll(
            PolicyRules.check(EffectivePolicy.resolve(chain.scopes()), expectedStreamDuration));
      }
      if (export.sku() != null && sku == null) {
        findings.addAll(Tiers.check(export.sku(), export.skuAt()));
      }
    } else if (!policies.isEmpty()) {
      List<PolicyElement> scopes = new ArrayList<>();
      for (Path p : policies) {
        if (PolicyExports.isExport(p)) {
          throw new DoctorInputException(
              "'"
                  + p
                  + "' is an export (a directory or JSON): give it as the only --policy; its"
                  + " scopes are resolved from the export itself");
        }
        scopes.add(PolicyReader.read(p, p.toString()));
      }
      findings.addAll(PolicyRules.check(EffectivePolicy.resolve(scopes), expectedStreamDuration));
    }
    for (Path d : diagnostics) {
      findings.addAll(DiagnosticsRules.check(readJson(d), d.toString()));
    }
    if (sku != null) {
      findings.addAll(checkSku(sku));
    }
    // A statement in a scope shared by several chains (global, an API's) is found once per
    // chain: report it once.
    return new DoctorReport(List.copyOf(new LinkedHashSet<>(findings)));
  }

  static List<Finding> checkSku(String sku) throws DoctorInputException {
    return Tiers.check(sku, new Location("--sku", "", 0));
  }

  private static JsonNode readJson(Path file) throws DoctorInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DoctorInputException("cannot read diagnostics '" + file + "': " + e, e);
    }
    try {
      return JsonTree.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DoctorInputException(
          "diagnostics '" + file + "' is not valid JSON: " + e.getMessage(), e);
    }
  }
}
