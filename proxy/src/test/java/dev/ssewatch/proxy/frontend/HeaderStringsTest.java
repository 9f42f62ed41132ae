package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class HeaderStringsTest {

  @Test
  void commonNamesAndValuesAreSharedAndEverythingKeepsItsCaseAndOrder() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add(new StringBuilder("Accept"), new StringBuilder("text/event-stream"));
    h.add("HOST", "example.test:8080");
    h.add("x-custom", "value");

    var list = HeaderStrings.of(h);

    assertThat(list)
        .containsExactly(
            new Header("Accept", "text/event-stream"),
            new Header("HOST", "example.test:8080"),
            new Header("x-custom", "value"));
    // One instance per stream of "Accept: text/event-stream" would be two strings per stream.
    assertThat(list.get(0).name()).isSameAs(HeaderStrings.shared("Accept"));
    assertThat(list.get(0).value())
        .isSameAs(HeaderStrings.shared(new StringBuilder("text/event-stream")));
    assertThat(HeaderStrings.shared(new StringBuilder("Host"))).isSameAs("Host");
  }
}
