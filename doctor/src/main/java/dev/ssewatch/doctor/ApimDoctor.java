package dev.ssewatch.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    if (!policies.isEmpty()) {
      List<PolicyElement> scopes = new ArrayList<>();
      for (Path p : policies) {
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
    return new DoctorReport(findings);
  }

  static List<Finding> checkSku(String sku) {
    String normalized = sku.strip().toLowerCase(Locale.ROOT);
    if (normalized.equals("consumption")) {
      return List.of(
          new Finding(
              "consumption_tier",
              Severity.CRITICAL,
              new Location("--sku", "", 0),
              "the Consumption tier does not support long-running HTTP connections, which SSE"
                  + " needs",
              "move the API to a classic (Developer, Basic, Standard, Premium) or v2 tier"));
    }
    return List.of();
  }

  private static JsonNode readJson(Path file) throws DoctorInputException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DoctorInputException("cannot read diagnostics '" + file + "': " + e, e);
    }
    try {
      return JsonParser.parse(text);
    } catch (IllegalArgumentException e) {
      throw new DoctorInputException(
          "diagnostics '" + file + "' is not valid JSON: " + e.getMessage(), e);
    }
  }
}
