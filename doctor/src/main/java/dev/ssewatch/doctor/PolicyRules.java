package dev.ssewatch.doctor;

import dev.ssewatch.core.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The SSE guidance's rules for policies, applied to an {@link EffectivePolicy}. */
final class PolicyRules {

  /** forward-request's documented default when no timeout is set. */
  static final Duration DEFAULT_FORWARD_TIMEOUT = Duration.ofSeconds(300);

  /**
   * Above this, Microsoft documents that a forward-request timeout may not be honored because the
   * network drops idle connections (Azure Load Balancer's 4 minutes).
   */
  static final Duration HONORED_TIMEOUT_LIMIT = Duration.ofSeconds(240);

  /** Policies that read or rewrite the whole response body, so the gateway must buffer it. */
  private static final Set<String> RESPONSE_BODY_TRANSFORMS =
      Set.of("set-body", "find-and-replace", "xml-to-json", "json-to-xml", "xsl-transform");

  /** Token metric policies, whose counts are estimates on streamed responses. */
  private static final Set<String> TOKEN_METRICS =
      Set.of("llm-emit-token-metric", "azure-openai-emit-token-metric");

  private static final Pattern RESPONSE_BODY = Pattern.compile("context\\.Response\\.Body\\b");
  private static final Pattern REQUEST_BODY = Pattern.compile("context\\.Request\\.Body\\b");

  private final Duration expectedStreamDuration;
  private final List<Finding> findings = new ArrayList<>();

  private PolicyRules(Duration expectedStreamDuration) {
    this.expectedStreamDuration = expectedStreamDuration;
  }

  static List<Finding> check(EffectivePolicy policy, Duration expectedStreamDuration) {
    PolicyRules rules = new PolicyRules(expectedStreamDuration);
    rules.checkBackend(policy);
    for (String section : EffectivePolicy.SECTIONS) {
      for (PolicyElement statement : policy.section(section)) {
        rules.walk(section, statement, false);
      }
    }
    return List.copyOf(rules.findings);
  }

  private void checkBackend(EffectivePolicy policy) {
    List<PolicyElement> forwards = new ArrayList<>();
    PolicyElement unresolvedBase = null;
    for (PolicyElement statement : policy.section("backend")) {
      if (statement.name().equals("base")) {
        unresolvedBase = statement;
      }
      for (PolicyElement e : statement.selfAndDescendants()) {
        if (e.name().equals("forward-request")) {
          forwards.add(e);
        }
      }
    }
    if (forwards.isEmpty() && unresolvedBase != null) {
      add(
          "forward_request_inherited",
          Severity.WARNING,
          unresolvedBase.location(),
          "the backend section inherits from an enclosing scope that was not given; API"
              + " Management's default global policy is <forward-request />, and buffer-response"
              + " defaults to true, which holds events back",
          "pass the enclosing scopes' policies too (--policy, outermost first), or set"
              + " <forward-request buffer-response=\"false\" /> in this scope's backend section");
    } else if (forwards.isEmpty()) {
      add(
          "forward_request_missing",
          Severity.INFO,
          policy.sectionLocation("backend"),
          "the effective backend section has no forward-request: requests never reach the"
              + " backend, so nothing is streamed unless a policy returns the response itself",
          "add <forward-request buffer-response=\"false\" /> to the backend section if the API"
              + " should reach its backend");
    }
    for (PolicyElement forward : forwards) {
      checkBuffering(forward);
      checkTimeout(forward);
    }
  }

  private void checkBuffering(PolicyElement forward) {
    String buffer = forward.attribute("buffer-response");
    String fix = "set buffer-response=\"false\" on this forward-request";
    if (buffer == null) {
      add(
          "forward_request_buffered",
          Severity.CRITICAL,
          forward.location(),
          "forward-request has no buffer-response attribute: it defaults to true, so the gateway"
              + " holds back chunks (8 KB at a time) instead of relaying each event",
          fix);
    } else if (isExpression(buffer)) {
      add(
          "forward_request_buffered",
          Severity.WARNING,
          forward.location(),
          "buffer-response is decided by a policy expression ("
              + shorten(buffer)
              + "), which cannot be"
              + " checked here",
          "make sure the expression yields false for SSE operations, or set"
              + " buffer-response=\"false\"");
    } else if (!buffer.strip().equalsIgnoreCase("false")) {
      add(
          "forward_request_buffered",
          Severity.CRITICAL,
          forward.location(),
          "forward-request has buffer-response=\""
              + buffer
              + "\": the gateway holds back chunks instead of relaying each event",
          fix);
    }
  }

  private void checkTimeout(PolicyElement forward) {
    String seconds = forward.attribute("timeout");
    String millis = forward.attribute("timeout-ms");
    String raw = seconds != null ? seconds : millis;
    Duration timeout;
    String described;
    if (raw == null) {
      timeout = DEFAULT_FORWARD_TIMEOUT;
      described = "has no timeout (default " + DEFAULT_FORWARD_TIMEOUT.toSeconds() + "s)";
    } else if (isExpression(raw)) {
      add(
          "forward_request_timeout",
          Severity.INFO,
          forward.location(),
          "the timeout is a policy expression (" + shorten(raw) + ") and was not checked",
          "make sure it yields at least the expected stream duration");
      return;
    } else {
      try {
        long value = Long.parseLong(raw.strip());
        timeout = seconds != null ? Duration.ofSeconds(value) : Duration.ofMillis(value);
      } catch (NumberFormatException e) {
        add(
            "forward_request_timeout",
            Severity.WARNING,
            forward.location(),
            "the timeout '" + shorten(raw) + "' is not a whole number",
            "set timeout to a number of seconds");
        return;
      }
      described = (seconds != null ? "has timeout=" : "has timeout-ms=") + raw.strip();
    }
    if (timeout.compareTo(expectedStreamDuration) < 0) {
      // Info, never a warning: [forward-request] documents the timeout as the wait for the
      // response headers, and the guidance's own SSE example uses timeout="120". No documented
      // behaviour and no reported failure says a stream is cut once it has started.
      add(
          "forward_request_timeout",
          Severity.INFO,
          forward.location(),
          "forward-request "
              + described
              + ", shorter than the expected stream duration of "
              + Durations.format(expectedStreamDuration)
              + "; it is documented as the wait for the backend's response headers, which an SSE"
              + " backend sends at once, so it does not limit how long the stream runs",
          "none needed if the backend sends its response headers within "
              + Durations.format(timeout)
              + "; for a backend that waits before answering (a model that thinks before its"
              + " first token), raise timeout to cover that wait");
    } else if (timeout.compareTo(HONORED_TIMEOUT_LIMIT) > 0) {
      add(
          "forward_request_timeout_unhonored",
          Severity.INFO,
          forward.location(),
          "forward-request "
              + described
              + ", above 240s, which may not be honored: the network drops connections idle"
              + " for 4 minutes",
          "set timeout=\"240\" or less, and keep streams busy with heartbeats well within 4"
              + " minutes");
    }
  }

  private void walk(String section, PolicyElement e, boolean insideSendRequest) {
    checkElement(section, e, insideSendRequest);
    boolean inside = insideSendRequest || e.name().equals("send-request");
    for (PolicyElement child : e.children()) {
      walk(section, child, inside);
    }
  }

  /**
   * @param insideSendRequest whether {@code e} shapes a send-request's own request (its set-body is
   *     that request's body, not the response's)
   */
  private void checkElement(String section, PolicyElement e, boolean insideSendRequest) {
    String name = e.name();
    boolean response = section.equals("outbound") && !insideSendRequest;
    boolean flaggedWholeElement = false;
    if (name.equals("validate-content")) {
      if (response) {
        add(
            "validate_content",
            Severity.CRITICAL,
            e.location(),
            "validate-content in the outbound section buffers the response to validate it",
            "remove validate-content from the outbound section of SSE operations");
        flaggedWholeElement = true;
      } else if (section.equals("inbound")) {
        add(
            "validate_content",
            Severity.INFO,
            e.location(),
            "validate-content in the inbound section validates the request body only; it does"
                + " not hold back the response",
            "none needed; keep validate-content out of the outbound section");
      }
    } else if (response && RESPONSE_BODY_TRANSFORMS.contains(name)) {
      add(
          "response_body_transform",
          Severity.CRITICAL,
          e.location(),
          name
              + " in the outbound section rewrites the response body, so the gateway buffers"
              + " the whole response before the client sees any event",
          "remove " + name + " from the outbound section of SSE operations");
      flaggedWholeElement = true;
    } else if (name.equals("cache-store")) {
      add(
          "response_cache",
          Severity.CRITICAL,
          e.location(),
          "cache-store caches responses: the gateway must read the whole response to store it,"
              + " and later clients get a stored copy instead of live events",
          "remove cache-store (and cache-lookup) from SSE operations");
    } else if (name.equals("cache-lookup")) {
      add(
          "response_cache",
          Severity.WARNING,
          e.location(),
          "cache-lookup may answer from the response cache instead of opening a live stream",
          "remove cache-lookup from SSE operations");
    }
    if (TOKEN_METRICS.contains(name)) {
      add(
          "token_metric_estimated",
          Severity.INFO,
          e.location(),
          name
              + " counts tokens; on streamed responses API Management estimates the counts"
              + " instead of reading them from the model's usage",
          "for exact counts on streams, have clients ask for usage in the stream"
              + " (stream_options.include_usage) and read it there; ssewatch records it without"
              + " logging bodies");
    }
    if (name.equals("include-fragment")) {
      String id = e.attribute("fragment-id");
      add(
          "policy_fragment_unchecked",
          Severity.INFO,
          e.location(),
          "policy fragment '"
              + (id == null ? "?" : id)
              + "' runs here but its content is not part of the given documents",
          "check the fragment by hand, or paste its content in place to let doctor check it");
    }
    if (flaggedWholeElement) {
      return;
    }
    List<String> expressions = expressions(e);
    boolean readsResponse = expressions.stream().anyMatch(x -> RESPONSE_BODY.matcher(x).find());
    boolean readsRequest = expressions.stream().anyMatch(x -> REQUEST_BODY.matcher(x).find());
    boolean eventHub = name.equals("log-to-eventhub");
    if (readsResponse && eventHub) {
      add(
          "eventhub_logs_response_body",
          Severity.CRITICAL,
          e.location(),
          "log-to-eventhub reads context.Response.Body: logging the body makes the gateway"
              + " buffer the whole response",
          "log metadata only (status, headers, timings), not context.Response.Body");
    } else if (readsResponse) {
      add(
          "response_body_read",
          Severity.CRITICAL,
          e.location(),
          "a policy expression in <"
              + name
              + "> reads context.Response.Body, which makes the gateway buffer the whole"
              + " response",
          "do not read context.Response.Body in SSE operations");
    } else if (readsRequest && eventHub) {
      add(
          "eventhub_logs_request_body",
          Severity.WARNING,
          e.location(),
          "log-to-eventhub reads context.Request.Body; the guidance is to turn body logging"
              + " off for SSE APIs",
          "log metadata only, not context.Request.Body");
    }
  }

  /** The element's own attribute values and text that are policy expressions. */
  private static List<String> expressions(PolicyElement e) {
    List<String> out = new ArrayList<>();
    for (String value : e.attributes().values()) {
      if (isExpression(value)) {
        out.add(value);
      }
    }
    if (isExpression(e.text())) {
      out.add(e.text());
    }
    return out;
  }

  private static boolean isExpression(String value) {
    String v = value.strip();
    return v.startsWith("@(") || v.startsWith("@{");
  }

  /** Expressions are echoed only in part: enough to find them, not whole code blocks. */
  static String shorten(String value) {
    String v = value.strip().replaceAll("\\s+", " ");
    return v.length() <= 60 ? v : v.substring(0, 57) + "...";
  }

  private void add(String rule, Severity severity, Location at, String message, String fix) {
    findings.add(new Finding(rule, severity, at, message, fix));
  }
}
