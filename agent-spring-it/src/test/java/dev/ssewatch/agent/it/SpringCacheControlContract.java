package dev.ssewatch.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Spring's event streams carry no {@code Cache-Control} unless the application adds one: the {@code
 * cache_control} alert says so at {@code info} (not marked, so no standard cache stores them), and
 * an application that sends {@code no-cache} raises nothing.
 */
interface SpringCacheControlContract {

  AgentContract contract();

  @Test
  default void springsDefaultHeadersRaiseAnInfoCacheControlAlert() throws Exception {
    AgentContract c = contract();
    String url = "/sse/cache-default?n=2&case=cache-default";
    c.assertCompletedStream(url, 2);
    String id = c.telemetry().streamId(url);
    assertThat(c.telemetry().of(id, "stream_start").get(0).get("response_headers").toString())
        .doesNotContainIgnoringCase("cache-control");
    assertThat(c.telemetry().of(id, "alert"))
        .filteredOn(a -> "cache_control".equals(a.get("rule")))
        .singleElement()
        .satisfies(
            a -> assertThat(a).containsEntry("kind", "buffering").containsEntry("severity", "info"))
        .satisfies(a -> assertThat(a.get("evidence").toString()).contains("no Cache-Control"));
  }

  @Test
  default void noCacheFromTheApplicationRaisesNoCacheControlAlert() throws Exception {
    AgentContract c = contract();
    String url = "/sse/stream?n=2&case=no-cache";
    c.assertCompletedStream(url, 2);
    String id = c.telemetry().streamId(url);
    assertThat(c.telemetry().of(id, "stream_start").get(0).get("response_headers").toString())
        .containsIgnoringCase("no-cache");
    assertThat(c.telemetry().of(id, "alert"))
        .noneSatisfy(a -> assertThat(a).containsEntry("rule", "cache_control"));
  }
}
