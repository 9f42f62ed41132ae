package dev.ssewatch.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderRiskDetectorTest {

  /** 2026-01-01T00:00:00Z. */
  private static final long NOW = 1_767_225_600_000L;

  private static final List<Header> SSE_REQUEST =
      List.of(new Header("Accept", "text/event-stream"));

  /**
   * Response headers written as {@code Name: value} joined by {@code " + "}; the value is all after
   * the first {@code ": "}, spaces included. {@code SSE} stands for the two headers of a correct
   * event stream, {@code ES} for its Content-Type alone; an empty cell is no header at all.
   */
  private static List<Header> headers(String cell) {
    List<Header> h = new ArrayList<>();
    if (cell == null) {
      return h;
    }
    for (String one : cell.split(" \\+ ")) {
      if (one.equals("SSE")) {
        h.add(new Header("Content-Type", "text/event-stream; charset=utf-8"));
        h.add(new Header("Cache-Control", "no-cache"));
      } else if (one.equals("ES")) {
        h.add(new Header("Content-Type", "text/event-stream"));
      } else {
        int colon = one.indexOf(": ");
        h.add(new Header(one.substring(0, colon), one.substring(colon + 2)));
      }
    }
    return h;
  }

  /** Responses that raise nothing; an empty Accept cell is a request without headers. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          a correct sse response       | text/event-stream | ES + Cache-Control: no-cache
          common harmless extras       | text/event-stream | SSE + Connection: keep-alive + X-Accel-Buffering: no + Transfer-Encoding: chunked + Content-Encoding: identity
          plain json to plain request  |                   | Content-Type: application/json + Content-Length: 2
          expires at the epoch         | text/event-stream | SSE + Expires: Thu, 01 Jan 1970 00:00:00 GMT
          expires 0                    | text/event-stream | SSE + Expires: 0
          expires -1                   | text/event-stream | SSE + Expires: -1
          max-age=0 with no-store      | text/event-stream | ES + Cache-Control: no-store, max-age=0
          future expires, no-cache     | text/event-stream | SSE + Expires: Fri, 02 Jan 2026 00:00:00 GMT
          not an event stream          |                   | Content-Type: application/octet-stream + Content-Length: 10 + Content-Encoding: gzip + X-Accel-Buffering: yes
          """)
  void harmlessResponsesRaiseNothing(String name, String accept, String response) {
    List<Header> request = accept == null ? List.of() : List.of(new Header("Accept", accept));

    assertThat(HeaderRiskDetector.detect(200, request, headers(response), NOW)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          content length                       | 200 | SSE + Content-Length: 1024                  | content_length    | CRITICAL | 1024
          gzip                                 | 200 | SSE + Content-Encoding: gzip                | content_encoding  | WARNING  | gzip
          brotli                               | 200 | SSE + content-encoding: br                  | content_encoding  | WARNING  | br
          zstd after identity                  | 200 | SSE + Content-Encoding: identity, zstd      | content_encoding  | WARNING  | zstd
          no cache-control                     | 200 | ES                                          | cache_control     | INFO     | no Cache-Control header
          no cache-control, with last-modified | 200 | ES + Last-Modified: Thu, 01 Jan 2026 00:00:00 GMT | cache_control | WARNING | heuristic lifetime
          private only                         | 200 | ES + Cache-Control: private                 | cache_control     | INFO     | neither no-cache nor no-store
          qualified no-cache                   | 200 | ES + Cache-Control: no-cache="Set-Cookie"   | cache_control     | INFO     | neither no-cache nor no-store
          public                               | 200 | SSE + Cache-Control: public                 | cache_control     | WARNING  | 'public'
          max-age                              | 200 | ES + Cache-Control: no-cache, max-age="60"  | cache_control     | WARNING  | max-age=60
          s-maxage                             | 200 | ES + Cache-Control: no-store, s-maxage=30   | cache_control     | WARNING  | s-maxage=30
          expires in the future                | 200 | ES + Cache-Control: private + Expires: Fri, 02 Jan 2026 00:00:00 GMT | cache_control | WARNING | is in the future
          x-accel-buffering yes                | 200 | `SSE + X-Accel-Buffering:  YES `            | x_accel_buffering | CRITICAL | X-Accel-Buffering: yes
          json for an event-stream request     | 200 | Content-Type: application/json              | content_type      | CRITICAL | 'application/json'
          no content type for an event-stream request | 206 |                                      | content_type      | CRITICAL | no Content-Type
          """)
  void eachRiskyHeaderRaisesItsRule(
      String name,
      int status,
      String response,
      String rule,
      Severity severity,
      String evidenceContains) {
    List<Alert> alerts = HeaderRiskDetector.detect(status, SSE_REQUEST, headers(response), NOW);

    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.rule()).isEqualTo(rule);
    assertThat(a.kind()).isEqualTo(AlertKind.BUFFERING);
    assertThat(a.severity()).isEqualTo(severity);
    assertThat(a.evidence()).contains(evidenceContains);
    assertThat(a.advice()).isNotBlank().doesNotContain("\n");
  }

  @Test
  void severalProblemsRaiseOneAlertEachInRuleOrder() {
    List<Header> response =
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Content-Length", "10"),
            new Header("Content-Encoding", "gzip"),
            new Header("X-Accel-Buffering", "yes"));

    assertThat(HeaderRiskDetector.detect(200, SSE_REQUEST, response, NOW))
        .extracting(Alert::rule)
        .containsExactly(
            "content_length", "content_encoding", "cache_control", "x_accel_buffering");
  }

  @Test
  void cacheControlReasonsAreCombinedIntoOneAlert() {
    List<Header> response =
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Cache-Control", "public"),
            new Header("Cache-Control", "max-age=5"));

    List<Alert> alerts = HeaderRiskDetector.detect(200, SSE_REQUEST, response, NOW);

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.evidence())
                  .contains("neither no-cache nor no-store", "'public'", "max-age=5");
            });
  }

  @Test
  void contentTypeOnlyMattersForSuccessfulResponsesToEventStreamRequests() {
    List<Header> json = List.of(new Header("Content-Type", "application/json"));
    List<Header> acceptsAnything = List.of(new Header("Accept", "*/*"));
    List<Header> acceptsSseAmongOthers =
        List.of(new Header("accept", "application/json;q=0.9, text/event-stream;q=1"));

    assertThat(HeaderRiskDetector.detect(401, SSE_REQUEST, json, NOW)).isEmpty();
    assertThat(HeaderRiskDetector.detect(302, SSE_REQUEST, List.of(), NOW)).isEmpty();
    assertThat(HeaderRiskDetector.detect(200, acceptsAnything, json, NOW)).isEmpty();
    assertThat(HeaderRiskDetector.detect(200, acceptsSseAmongOthers, json, NOW))
        .extracting(Alert::rule, Alert::severity)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("content_type", Severity.INFO));
  }

  /** What each kind of client asked for, and how grave another type is for it. */
  static Stream<Arguments> contentTypeSeverities() {
    return Stream.of(
        // EventSource sends exactly this, and gives up on any other type for good.
        Arguments.of("text/event-stream", "application/json", Severity.CRITICAL),
        Arguments.of("text/event-stream", "text/html; charset=utf-8", Severity.CRITICAL),
        // MCP Streamable HTTP: the server may answer with either.
        Arguments.of("application/json, text/event-stream", "application/json", Severity.INFO),
        Arguments.of("text/event-stream, application/*", "application/json", Severity.INFO),
        // Named, but refused with q=0: as if only text/event-stream were accepted.
        Arguments.of(
            "text/event-stream, application/json;q=0", "application/json", Severity.CRITICAL),
        // Another type named, just not this one.
        Arguments.of("text/event-stream, text/plain", "application/json", Severity.WARNING),
        Arguments.of("text/event-stream, */*", "application/json", Severity.WARNING));
  }

  @ParameterizedTest(name = "Accept: {0} -> {1}")
  @MethodSource("contentTypeSeverities")
  void contentTypeSeverityFollowsWhatTheClientAccepts(
      String accept, String contentType, Severity expected) {
    List<Alert> alerts =
        HeaderRiskDetector.detect(
            200,
            List.of(new Header("Accept", accept)),
            List.of(new Header("Content-Type", contentType)),
            NOW);

    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("content_type");
              assertThat(a.severity()).isEqualTo(expected);
            });
  }

  /** The headers common frameworks send on an event stream by default, and what they raise. */
  static Stream<Arguments> frameworkDefaults() {
    return Stream.of(
        // Spring MVC SseEmitter and WebFlux: no Cache-Control, no Last-Modified.
        Arguments.of(
            "spring sse", List.of(new Header("Content-Type", "text/event-stream")), Severity.INFO),
        // With Spring Security: its default cache headers forbid storing.
        Arguments.of(
            "spring sse behind spring security",
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"),
                new Header("Pragma", "no-cache"),
                new Header("Expires", "0")),
            null),
        // A response someone made cacheable on purpose.
        Arguments.of(
            "explicitly cacheable",
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "public, max-age=60")),
            Severity.WARNING));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("frameworkDefaults")
  void cacheControlSeparatesNotMarkedFromExplicitlyCacheable(
      String name, List<Header> response, Severity expected) {
    List<Alert> alerts = HeaderRiskDetector.detect(200, SSE_REQUEST, response, NOW);

    if (expected == null) {
      assertThat(alerts).isEmpty();
    } else {
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("cache_control");
                assertThat(a.severity()).isEqualTo(expected);
              });
    }
  }
}
