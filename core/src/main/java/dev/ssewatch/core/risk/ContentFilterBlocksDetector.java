package dev.ssewatch.core.risk;

/**
 * The burst signature on an LLM stream whose events carry Azure OpenAI content filter annotations
 * ({@code content_filter_results}, {@code prompt_filter_results}): the default content filter holds
 * output back and releases it in blocks once each block is checked. That is the service, not a
 * buffering proxy, so it is reported as {@code content_filter_blocks} (info) in place of the {@code
 * burst} buffering alert.
 */
public final class ContentFilterBlocksDetector {

  private ContentFilterBlocksDetector() {}

  /** As {@link BurstDetector#check}, for a stream with content filter annotations. */
  public static Alert check(int eventsInChunk, long silenceNanos, RiskSettings s) {
    if (eventsInChunk < s.burstEvents() || silenceNanos < s.burstSilenceNanos()) {
      return null;
    }
    return new Alert(
        AlertKind.CONTENT_FILTER_BLOCKS,
        "content_filter_blocks",
        Severity.INFO,
        eventsInChunk
            + " events arrived in one chunk after "
            + Figures.duration(silenceNanos)
            + " of silence, on a stream carrying Azure OpenAI content filter annotations: the"
            + " content filter releases output in blocks",
        "Expected with the default content filter; for token-by-token delivery use the"
            + " asynchronous filter mode of the deployment's content filter configuration.");
  }
}
