package dev.ssewatch.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApimDoctorTest {

  private static final Duration FOUR_MINUTES = ApimDoctor.DEFAULT_EXPECTED_STREAM_DURATION;

  /** Checks one policy resource, without diagnostics or tier, against four-minute streams. */
  private static DoctorReport checkPolicy(String name) throws DoctorInputException {
    return ApimDoctor.check(List.of(resource(name)), List.of(), null, FOUR_MINUTES);
  }

  static Path resource(String name) {
    try {
      return Path.of(ApimDoctorTest.class.getResource("/doctor/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing test resource " + name, e);
    }
  }

  /** rule, severity, file name, path, line. */
  static Tuple finding(String rule, Severity severity, String file, String path, int line) {
    return tuple(rule, severity, file, path, line);
  }

  static List<Tuple> actual(DoctorReport report) {
    return report.findings().stream()
        .map(
            f ->
                tuple(
                    f.rule(),
                    f.severity(),
                    Path.of(f.location().file()).getFileName().toString(),
                    f.location().path(),
                    f.location().line()))
        .toList();
  }

  static Stream<Arguments> singlePolicies() {
    return Stream.of(
        Arguments.of("clean.xml", 0, List.of()),
        Arguments.of(
            "walkthrough.xml",
            0,
            List.of(
                finding(
                    "forward_request_timeout",
                    Severity.INFO,
                    "walkthrough.xml",
                    "policies/backend/forward-request",
                    1))),
        Arguments.of(
            "forward-request-default.xml",
            2,
            List.of(
                finding(
                    "forward_request_buffered",
                    Severity.CRITICAL,
                    "forward-request-default.xml",
                    "policies/backend/forward-request",
                    6),
                finding(
                    "forward_request_timeout_unhonored",
                    Severity.INFO,
                    "forward-request-default.xml",
                    "policies/backend/forward-request",
                    6))),
        Arguments.of(
            "forward-request-buffered.xml",
            2,
            List.of(
                finding(
                    "forward_request_buffered",
                    Severity.CRITICAL,
                    "forward-request-buffered.xml",
                    "policies/backend/retry/forward-request",
                    7))),
        Arguments.of(
            "guidance.xml",
            0,
            List.of(
                finding(
                    "forward_request_timeout",
                    Severity.INFO,
                    "guidance.xml",
                    "policies/backend/forward-request",
                    7))),
        Arguments.of(
            "token-metric.xml",
            0,
            List.of(
                finding(
                    "token_metric_estimated",
                    Severity.INFO,
                    "token-metric.xml",
                    "policies/inbound/llm-emit-token-metric",
                    4))),
        Arguments.of(
            "forward-request-timeout.xml",
            0,
            List.of(
                finding(
                    "forward_request_timeout",
                    Severity.INFO,
                    "forward-request-timeout.xml",
                    "policies/backend/choose/when/forward-request",
                    8),
                finding(
                    "forward_request_timeout",
                    Severity.INFO,
                    "forward-request-timeout.xml",
                    "policies/backend/choose/otherwise/forward-request",
                    11))),
        Arguments.of(
            "forward-request-expressions.xml",
            1,
            List.of(
                finding(
                    "forward_request_buffered",
                    Severity.WARNING,
                    "forward-request-expressions.xml",
                    "policies/backend/forward-request",
                    6),
                finding(
                    "forward_request_timeout",
                    Severity.INFO,
                    "forward-request-expressions.xml",
                    "policies/backend/forward-request",
                    6))),
        Arguments.of(
            "backend-inherited.xml",
            1,
            List.of(
                finding(
                    "forward_request_inherited",
                    Severity.WARNING,
                    "backend-inherited.xml",
                    "policies/backend/base",
                    8))),
        Arguments.of(
            "no-forward-request.xml",
            0,
            List.of(
                finding(
                    "forward_request_missing",
                    Severity.INFO,
                    "no-forward-request.xml",
                    "policies/backend",
                    6))),
        Arguments.of(
            "validate-content.xml",
            2,
            List.of(
                finding(
                    "validate_content",
                    Severity.CRITICAL,
                    "validate-content.xml",
                    "policies/outbound/validate-content",
                    13),
                finding(
                    "validate_content",
                    Severity.INFO,
                    "validate-content.xml",
                    "policies/inbound/validate-content",
                    4))),
        Arguments.of(
            "response-transforms.xml",
            2,
            List.of(
                transform("set-body", 11),
                transform("find-and-replace", 12),
                transform("xml-to-json", 13),
                transform("json-to-xml", 14),
                transform("xsl-transform", 15))),
        Arguments.of(
            "response-cache.xml",
            2,
            List.of(
                finding(
                    "response_cache",
                    Severity.CRITICAL,
                    "response-cache.xml",
                    "policies/outbound/cache-store",
                    14),
                finding(
                    "response_cache",
                    Severity.WARNING,
                    "response-cache.xml",
                    "policies/inbound/cache-lookup",
                    4))),
        Arguments.of(
            "eventhub-response-body.xml",
            2,
            List.of(
                finding(
                    "eventhub_logs_response_body",
                    Severity.CRITICAL,
                    "eventhub-response-body.xml",
                    "policies/outbound/log-to-eventhub",
                    11))),
        Arguments.of(
            "eventhub-request-body.xml",
            1,
            List.of(
                finding(
                    "eventhub_logs_request_body",
                    Severity.WARNING,
                    "eventhub-request-body.xml",
                    "policies/inbound/log-to-eventhub",
                    4))),
        Arguments.of(
            "policy-fragment.xml",
            0,
            List.of(
                finding(
                    "policy_fragment_unchecked",
                    Severity.INFO,
                    "policy-fragment.xml",
                    "policies/inbound/include-fragment",
                    4))),
        Arguments.of(
            "response-body-read.xml",
            2,
            List.of(
                finding(
                    "response_body_read",
                    Severity.CRITICAL,
                    "response-body-read.xml",
                    "policies/outbound/trace/message",
                    11),
                finding(
                    "response_body_read",
                    Severity.CRITICAL,
                    "response-body-read.xml",
                    "policies/outbound/choose/when",
                    14))));
  }

  private static Tuple transform(String policy, int line) {
    return finding(
        "response_body_transform",
        Severity.CRITICAL,
        "response-transforms.xml",
        "policies/outbound/" + policy,
        line);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singlePolicies")
  void reportsExactlyTheFindingsOfEachPolicy(String file, int exitCode, List<Tuple> expected)
      throws Exception {
    DoctorReport report = checkPolicy(file);

    assertThat(actual(report)).containsExactlyElementsOf(expected);
    assertThat(report.exitCode()).isEqualTo(exitCode);
  }

  @Test
  void echoesOnlyTheStartOfLongExpressions() throws Exception {
    DoctorReport report = checkPolicy("forward-request-expressions.xml");

    assertThat(report.findings().get(0).message())
        .contains("(@(!context.Request.Headers.GetValueOrDefault(\"Accept\", \"\"...),");
  }

  @Test
  void walkthroughPolicyIsCleanWhenStreamsEndWithinItsTimeout() throws Exception {
    DoctorReport report =
        ApimDoctor.check(
            List.of(resource("walkthrough.xml")), List.of(), null, Duration.ofSeconds(60));

    assertThat(report.findings()).isEmpty();
    assertThat(report.exitCode()).isZero();
  }

  static Stream<Arguments> scopeChains() {
    return Stream.of(
        Arguments.of(
            List.of("global.xml", "api-inherits.xml", "operation.xml"),
            2,
            List.of(
                finding(
                    "forward_request_buffered",
                    Severity.CRITICAL,
                    "global.xml",
                    "policies/backend/forward-request",
                    11),
                finding(
                    "validate_content",
                    Severity.CRITICAL,
                    "global.xml",
                    "policies/outbound/validate-content",
                    14),
                finding(
                    "response_cache",
                    Severity.CRITICAL,
                    "operation.xml",
                    "policies/outbound/cache-store",
                    11),
                finding(
                    "forward_request_timeout_unhonored",
                    Severity.INFO,
                    "global.xml",
                    "policies/backend/forward-request",
                    11))),
        Arguments.of(List.of("global.xml", "api-overrides.xml"), 0, List.of()),
        Arguments.of(
            List.of("api-inherits.xml"),
            1,
            List.of(
                finding(
                    "forward_request_inherited",
                    Severity.WARNING,
                    "api-inherits.xml",
                    "policies/backend/base",
                    7))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scopeChains")
  void resolvesBaseAcrossScopesAndBlamesTheScopeThatHoldsThePolicy(
      List<String> chain, int exitCode, List<Tuple> expected) throws Exception {
    List<Path> files = chain.stream().map(f -> resource("scopes/" + f)).toList();

    DoctorReport report = ApimDoctor.check(files, List.of(), null, FOUR_MINUTES);

    assertThat(actual(report)).containsExactlyElementsOf(expected);
    assertThat(report.exitCode()).isEqualTo(exitCode);
  }

  static Stream<Arguments> diagnostics() {
    return Stream.of(
        Arguments.of(
            "all-apis-appinsights.json",
            2,
            List.of(
                finding(
                    "diagnostic_body_logging",
                    Severity.CRITICAL,
                    "all-apis-appinsights.json",
                    "frontend.response.body.bytes",
                    26)),
            List.of(
                "Application Insights diagnostic at the All APIs scope logs up to 8192 bytes of"
                    + " frontend response bodies, for every API that does not override it; body"
                    + " logging makes the gateway buffer SSE responses, and MCP servers exposed"
                    + " through API Management need frontend response logging at 0 bytes at this"
                    + " scope")),
        Arguments.of(
            "api-azuremonitor.json",
            1,
            List.of(
                finding(
                    "diagnostic_body_logging",
                    Severity.WARNING,
                    "api-azuremonitor.json",
                    "properties.backend.request.body.bytes",
                    15)),
            List.of(
                "Azure Monitor diagnostic at the scope of API 'sse-api' logs up to 1024 bytes of"
                    + " backend request bodies;")),
        Arguments.of(
            "arm-template.json",
            2,
            List.of(
                finding(
                    "diagnostic_body_logging",
                    Severity.CRITICAL,
                    "arm-template.json",
                    "resources[0].properties.backend.response.body.bytes",
                    22),
                finding(
                    "diagnostic_body_logging",
                    Severity.WARNING,
                    "arm-template.json",
                    "resources[1].properties.frontend.request.body.bytes",
                    32)),
            List.of(
                "Application Insights diagnostic at the All APIs scope logs up to 4096 bytes",
                "Azure Monitor diagnostic at the scope of API 'sse-api' sets the bytes of frontend"
                    + " request bodies to log by an expression")),
        Arguments.of(
            "list.json",
            2,
            List.of(
                finding(
                    "diagnostic_body_logging",
                    Severity.CRITICAL,
                    "list.json",
                    "[1].frontend.response.body.bytes",
                    13),
                finding(
                    "diagnostic_body_logging",
                    Severity.WARNING,
                    "list.json",
                    "[1].frontend.request.body.bytes",
                    13)),
            List.of("Application Insights diagnostic at the scope of API 'sse-api'")),
        Arguments.of("clean.json", 0, List.of(), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("diagnostics")
  void reportsBodyLoggingInEveryExportShape(
      String file, int exitCode, List<Tuple> expected, List<String> messageStarts)
      throws Exception {
    DoctorReport report =
        ApimDoctor.check(List.of(), List.of(resource("diagnostics/" + file)), null, FOUR_MINUTES);

    assertThat(actual(report)).containsExactlyElementsOf(expected);
    assertThat(report.exitCode()).isEqualTo(exitCode);
    for (int k = 0; k < messageStarts.size(); k++) {
      assertThat(report.findings().get(k).message()).startsWith(messageStarts.get(k));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("skus")
  void flagsOnlyTheConsumptionTier(String sku, int exitCode) throws Exception {
    DoctorReport report = ApimDoctor.check(List.of(), List.of(), sku, FOUR_MINUTES);

    assertThat(report.exitCode()).isEqualTo(exitCode);
    assertThat(report.findings())
        .extracting(Finding::rule)
        .containsExactlyElementsOf(exitCode == 2 ? List.of("consumption_tier") : List.of());
  }

  static Stream<Arguments> skus() {
    return Stream.of(
        Arguments.of("Consumption", 2),
        Arguments.of(" consumption ", 2),
        Arguments.of("Developer", 0),
        Arguments.of("StandardV2", 0),
        Arguments.of("Premium", 0),
        Arguments.of("Isolated", 0),
        Arguments.of("BasicV2", 0),
        Arguments.of("Basic v2", 0),
        Arguments.of("premium_v2", 0),
        Arguments.of("Standard-V2", 0));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"Comsumption", "Free", "v2", "Standard v3"})
  void refusesATierItDoesNotKnow(String sku) {
    assertThatThrownBy(() -> ApimDoctor.check(List.of(), List.of(), sku, FOUR_MINUTES))
        .isInstanceOf(DoctorInputException.class)
        .hasMessageContaining("unknown tier '" + sku + "'");
  }

  /** rule, severity, the end of the location's file part, path, line. */
  static List<Tuple> exported(DoctorReport report) {
    return report.findings().stream()
        .map(
            f ->
                tuple(
                    f.rule(),
                    f.severity(),
                    f.location().file().replaceAll(".*[/\\\\]exports[/\\\\]", ""),
                    f.location().path(),
                    f.location().line()))
        .toList();
  }

  @Test
  void resolvesTheScopesOfAnArmExportAndReadsItsTier() throws Exception {
    DoctorReport report = checkPolicy("exports/arm-template.json");

    // The global forward-request buffers, but the API's backend section replaces it: not in
    // effect, not reported. The operation inherits the API's forward-request and adds a cache.
    assertThat(exported(report))
        .containsExactly(
            tuple(
                "response_cache",
                Severity.CRITICAL,
                "arm-template.json resources[3].properties.value (operation 'sse-api/stream' policy)",
                "policies/outbound/cache-store",
                10),
            tuple(
                "consumption_tier",
                Severity.CRITICAL,
                "arm-template.json",
                "resources[0].sku.name",
                11),
            tuple(
                "forward_request_timeout",
                Severity.INFO,
                "arm-template.json resources[2].properties.value (API 'sse-api' policy)",
                "policies/backend/forward-request",
                9));
    assertThat(report.exitCode()).isEqualTo(2);
  }

  @Test
  void readsARestListWithScopesFromIdsAndSaysWhatItCannotFetch() throws Exception {
    DoctorReport report = checkPolicy("exports/rest-list.json");

    assertThat(exported(report))
        .containsExactly(
            tuple(
                "forward_request_buffered",
                Severity.CRITICAL,
                "rest-list.json value[0].properties.value (API 'sse-api' policy)",
                "policies/backend/forward-request",
                6),
            tuple(
                "policy_link_unchecked",
                Severity.INFO,
                "rest-list.json",
                "value[1].properties.value",
                16),
            tuple(
                "forward_request_timeout_unhonored",
                Severity.INFO,
                "rest-list.json value[0].properties.value (API 'sse-api' policy)",
                "policies/backend/forward-request",
                6));
  }

  @Test
  void resolvesAnApiOpsDirectoryAcrossGlobalProductApiAndOperation() throws Exception {
    DoctorReport report = checkPolicy("exports/apiops");

    assertThat(exported(report))
        .containsExactly(
            tuple(
                "validate_content",
                Severity.CRITICAL,
                "apiops/products/starter/policy.xml",
                "policies/outbound/validate-content",
                10),
            tuple(
                "response_body_transform",
                Severity.CRITICAL,
                "apiops/apis/sse-api/operations/stream/policy.xml",
                "policies/outbound/set-body",
                10),
            tuple(
                "forward_request_timeout",
                Severity.INFO,
                "apiops/policy.xml",
                "policies/backend/forward-request",
                4));
    assertThat(report.exitCode()).isEqualTo(2);
  }

  @Test
  void anExportMustBeTheOnlyPolicyGiven() {
    assertThatThrownBy(
            () ->
                ApimDoctor.check(
                    List.of(resource("clean.xml"), resource("exports/apiops")),
                    List.of(),
                    null,
                    FOUR_MINUTES))
        .isInstanceOf(DoctorInputException.class)
        .hasMessageContaining("give it as the only --policy");
  }

  @Test
  void combinesPoliciesDiagnosticsAndTierIntoOneReport() throws Exception {
    DoctorReport report =
        ApimDoctor.check(
            List.of(resource("clean.xml")),
            List.of(resource("diagnostics/api-azuremonitor.json")),
            "Consumption",
            FOUR_MINUTES);

    assertThat(report.findings())
        .extracting(Finding::rule, Finding::severity)
        .containsExactly(
            tuple("consumption_tier", Severity.CRITICAL),
            tuple("diagnostic_body_logging", Severity.WARNING));
    assertThat(report.exitCode()).isEqualTo(2);
  }

  static Stream<Arguments> unusableInputs() {
    return Stream.of(
        Arguments.of(
            List.of(), List.of("diagnostics/not-diagnostics.json"), "no diagnostic settings"),
        Arguments.of(List.of(), List.of("diagnostics/truncated.json"), "is not valid JSON: line 2"),
        Arguments.of(List.of("diagnostics/clean.json"), List.of(), "no policies found in"),
        Arguments.of(List.of(), List.of(), "nothing to check"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("unusableInputs")
  void refusesInputsItCannotCheck(List<String> policies, List<String> diagnostics, String error) {
    assertThatThrownBy(
            () ->
                ApimDoctor.check(
                    policies.stream().map(ApimDoctorTest::resource).toList(),
                    diagnostics.stream().map(ApimDoctorTest::resource).toList(),
                    null,
                    FOUR_MINUTES))
        .isInstanceOf(DoctorInputException.class)
        .hasMessageContaining(error);
  }

  @Test
  void readsDocumentsSavedWithAByteOrderMark() throws Exception {
    PolicyElement root = PolicyReader.parse("\uFEFF<policies>\n<backend/></policies>", "bom.xml");

    assertThat(root.child("backend").location().line()).isEqualTo(2);
  }

  @Test
  void refusesADocumentThatIsNotAPolicy() {
    assertThatThrownBy(() -> PolicyReader.parse("<configuration/>", "web.config"))
        .isInstanceOf(DoctorInputException.class)
        .hasMessageContaining("expected <policies>");
  }

  @Test
  void refusesDoctypesSoEntitiesCannotReachFiles() {
    String xxe =
        "<!DOCTYPE policies [<!ENTITY x SYSTEM \"file:///etc/hostname\">]>"
            + "<policies><backend><forward-request timeout=\"&x;\"/></backend></policies>";

    assertThatThrownBy(() -> PolicyReader.parse(xxe, "xxe.xml"))
        .isInstanceOf(DoctorInputException.class);
  }

  @Test
  void jsonReportCarriesEveryFieldAndTheExitCode() throws Exception {
    DoctorReport report = checkPolicy("backend-inherited.xml");

    String json = report.toJson();

    assertThat(JsonTree.parse(json).get("exit_code").value()).isEqualTo(1.0);
    JsonNode first = JsonTree.parse(json).get("findings").asArray().get(0);
    assertThat(Arrays.asList("rule", "severity", "file", "path", "line", "message", "fix"))
        .allSatisfy(k -> assertThat(first.get(k)).as(k).isNotNull());
    assertThat(first.get("severity").asString()).isEqualTo("warning");
    assertThat(first.get("path").asString()).isEqualTo("policies/backend/base");
  }
}
