package dev.ssewatch.core.stream;

import dev.ssewatch.core.genai.GenAiApi;
import dev.ssewatch.core.genai.GenAiStream;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.trace.TraceParent;
import java.util.List;

/**
 * What a recorder reads from the request when it begins, each fact on its own: a fact that cannot
 * be read is left out (and counted by the factory) and the others are still recorded.
 */
final class RequestFacts {

  private RequestFacts() {}

  /** The caller's trace context from the raw headers, or null when there is none or it is bad. */
  static TraceParent traceParent(StreamRecorders owner, List<Header> raw) {
    try {
      return TraceParent.from(raw);
    } catch (RuntimeException e) {
      owner.countError();
      return null;
    }
  }

  /** The raw Last-Event-ID a parser starts from, or "" for none. */
  static String lastEventId(List<Header> raw) {
    try {
      String v = Headers.first(raw, "Last-Event-ID");
      return v == null ? "" : v;
    } catch (RuntimeException e) {
      return "";
    }
  }

  /** A recognised LLM token stream or MCP call, or null (most streams). */
  static GenAiStream genAi(
      StreamRecorders owner,
      String method,
      String rawUrl,
      List<Header> raw,
      List<Header> redacted) {
    try {
      GenAiApi api =
          owner
              .genAiRoutes()
              .match(method, RequestTargets.pathOf(rawUrl == null ? "" : rawUrl), raw);
      return api == null ? null : new GenAiStream(api, redacted);
    } catch (Throwable e) {
      owner.countError();
      return null;
    }
  }

  /** The wall-clock time of {@code startNanos}, or 0 when the clock fails. */
  static long startEpochMillis(StreamRecorders owner, long startNanos) {
    try {
      long nowNanos = owner.time().nanoTime();
      long nowMillis = owner.time().epochMillis();
      return nowMillis - Math.floorDiv(nowNanos - startNanos, 1_000_000L);
    } catch (Throwable e) {
      owner.countError();
      return 0;
    }
  }
}
