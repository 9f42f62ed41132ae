package dev.ssewatch.doctor;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tier rule. [guidance]: long-running HTTP connections, which SSE needs, are supported in the
 * classic tiers and in the v2 tiers, not in Consumption.
 */
final class Tiers {

  /**
   * Tier names folded to lower case without spaces, dashes or underscores, as the Azure CLI ({@code
   * BasicV2}), ARM exports ({@code "sku": {"name": "StandardV2"}}) and the portal ({@code Basic
   * v2}) write them, to whether the tier holds long-running connections.
   */
  private static final Map<String, Boolean> LONG_RUNNING =
      Map.of(
          "developer", true,
          "basic", true,
          "standard", true,
          "premium", true,
          "isolated", true,
          "basicv2", true,
          "standardv2", true,
          "premiumv2", true,
          "consumption", false);

  private Tiers() {}

  /**
   * @throws DoctorInputException for a name that is no tier: a typo must not pass a CI gate
   */
  static List<Finding> check(String sku, Location at) throws DoctorInputException {
    String folded = sku.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    Boolean longRunning = LONG_RUNNING.get(folded);
    if (longRunning == null) {
      throw new DoctorInputException(
          "unknown tier '"
              + sku
              + "' at "
              + at
              + ": expected Developer, Basic, Standard, Premium, Isolated, BasicV2, StandardV2,"
              + " PremiumV2 or Consumption");
    }
    if (longRunning) {
      return List.of();
    }
    return List.of(
        new Finding(
            "consumption_tier",
            Severity.CRITICAL,
            at,
            "the Consumption tier does not support long-running HTTP connections, which SSE"
                + " needs",
            "move the API to a classic (Developer, Basic, Standard, Premium) or v2 (Basic v2,"
                + " Standard v2, Premium v2) tier"));
  }
}
