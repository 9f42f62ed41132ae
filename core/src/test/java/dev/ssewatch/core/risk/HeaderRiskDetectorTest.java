package dev.ssewatch.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderRiskDetectorTest {

  /** 2026-01-01T00:00:00Z. */
  private static final long NOW = 1_767_225_600_000L;

  private static final List<Header> SSE_REQUEST =
      List.of(new Header("Accept", "text/event-stream"));

  private static List<Header> sse(Header... extra) {
    List<Header> h = new ArrayList<>();
    h.add(new Header("Content-Type", "text/event-stream; charset=utf-8"));
    h.add(new Header("Cache-Control", "no-cache"));
    for (Header e : extra) {
      h.add(e);
    }
    return h;
  }

  @Test
  void aCorrectSseResponseRaisesNothing() {
    List<Header> response =
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Cache-Control", "no-cache"));

    assertThat(HeaderRiskDetector.detect(200, SSE_REQUEST, response, NOW)).isEmpty();
  }

  @Test
  void commonHarmlessExtrasRaiseNothing() {
    List<Header> response =
        sse(
            new Header("Connection", "keep-alive"),
            new Header("X-Accel-Buffering", "no"),
            new Header("Transfer-Encoding", "chunked"),
            new Header("Content-Encoding", "identity"));

    assertThat(HeaderRiskDetector.detect(200, SSE_REQUEST, response, NOW)).isEmpty();
  }

  @Test
  void aPlainJsonResponseToAPlainRequestRaisesNothing() {
    List<Header> response =
        List.of(new Header("Content-Type", "application/json"), new Header("Content-Length", "2"));

    assertThat(HeaderRiskDetector.detect(200, List.of(), response, NOW)).isEmpty();
  }

  static Stream<Arguments> risky() {
    return Stream.of(
        Arguments.of(
            "content length",
            200,
            sse(new Header("Content-Length", "1024")),
            "content_length",
            Severity.CRITICAL,
            "1024"),
        Arguments.of(
            "gzip",
            200,
            sse(new Header("Content-Encoding", "gzip")),
            "content_encoding",
            Severity.WARNING,
            "gzip"),
        Arguments.of(
            "brotli",
            200,
            sse(new Header("content-encoding", "br")),
            "content_encoding",
            Severity.WARNING,
            "br"),
        Arguments.of(
            "zstd after identity",
            200,
            sse(new Header("Content-Encoding", "identity, zstd")),
            "content_encoding",
            Severity.WARNING,
            "zstd"),
        Arguments.of(
            "no cache-control",
            200,
            List.of(new Header("Content-Type", "text/event-stream")),
            "cache_control",
            Severity.INFO,
            "no Cache-Control header"),
        Arguments.of(
            "no cache-control, with last-modified",
            200,
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Last-Modified", "Thu, 01 Jan 2026 00:00:00 GMT")),
            "cache_control",
            Severity.WARNING,
            "heuristic lifetime"),
        Arguments.of(
            "private only",
            200,
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "private")),
            "cache_control",
            Severity.INFO,
            "neither no-cache nor no-store"),
        Arguments.of(
            "qualified no-cache",
            200,
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "no-cache=\"Set-Cookie\"")),
            "cache_control",
            Severity.INFO,
            "neither no-cache nor no-store"),
        Arguments.of(
            "public",
            200,
            sse(new Header("Cache-Control", "public")),
            "cache_control",
            Severity.WARNING,
            "'public'"),
        Arguments.of(
            "max-age",
            200,
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "no-cache, max-age=\"60\"")),
            "cache_control",
            Severity.WARNING,
            "max-age=60"),
        Arguments.of(
            "s-maxage",
            200,
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "no-store, s-maxage=30")),
            "cache_control",
            Severity.WARNING,
            "s-maxage=30"),
        Arguments.of(
            "expires in the future",
            200,
            List.of(
                new Header("Content-Type", "text/event-stream"),
                new Header("Cache-Control", "private"),
                new Header("Expires", "Fri, 02 Jan 2026 00:00:00 GMT")),
            "cache_control",
            Severity.WARNING,
            "is in the future"),
        Arguments.of(
            "x-accel-buffering yes",
            200,
            sse(new Header("X-Accel-Buffering", " YES ")),
            "x_accel_buffering",
            Severity.CRITICAL,
            "X-Accel-Buffering: yes"),
        Arguments.of(
            "json for an event-stream request",
            200,
            List.of(new Header("Content-Type", "application/json")),
            "content_type",
            Severity.CRITICAL,
            "'application/json'"),
        Arguments.of(
            "no content type for an event-stream request",
            206,
            List.of(),
            "content_type",
            Severity.CRITICAL,
            "no Content-Type"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("risky")
  void eachRiskyHeaderRaisesItsRule(
      String name,
      int status,
      List<Header> response,
      String rule,
      Severity severity,
      String evidenceContains) {
    List<Alert> alerts = HeaderRiskDetector.detect(status, SSE_REQUEST, response, NOW);

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
  void harmlessCacheLifetimesAndPastOrInvalidExpiresPass() {
    for (String expires : List.of("Thu, 01 Jan 1970 00:00:00 GMT", "0", "-1")) {
      List<Header> response = sse(new Header("Expires", expires));
      assertThat(HeaderRiskDetector.detect(200, SSE_REQUEST, response, NOW)).as(expires).isEmpty();
    }
    List<Header> zeroAge =
        List.of(
            new Header("Content-Type", "text/event-stream"),
            new Header("Cache-Control", "no-store, max-age=0"));
    assertThat(HeaderRiskDetector.detect(200, SSE_REQUEST, zeroAge, NOW)).isEmpty();
  }

  @Test
  void aFutureExpiresIsIgnoredWhenCacheControlForbidsStoring() {
    List<Header> response = sse(new Header("Expires", "Fri, 02 Jan 2026 00:00:00 GMT"));

    assertThat(HeaderRiskDetector.detect(200, SSE_REQUEST, response, NOW)).isEmpty();
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

  @Test
  void eventStreamRulesDoNotApplyToOtherResponses() {
    List<Header> download =
        List.of(
            new Header("Content-Type", "application/octet-stream"),
            new Header("Content-Length", "10"),
            new Header("Content-Encoding", "gzip"),
            new Header("X-Accel-Buffering", "yes"));

    assertThat(HeaderRiskDetector.detect(200, List.of(), download, NOW)).isEmpty();
  }
}
