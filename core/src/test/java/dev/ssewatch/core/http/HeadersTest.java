package dev.ssewatch.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

  @Test
  void typedHeadersAreSplitAtTheFirstColonAndStripped() {
    assertThat(Headers.parse(List.of("Accept: text/event-stream", " X-Trace :a:b ", "Empty:")))
        .containsExactly(
            new Header("Accept", "text/event-stream"),
            new Header("X-Trace", "a:b"),
            new Header("Empty", ""));
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3cret", ": s3cret", ""})
  void aTypedHeaderWithoutANameIsRefusedWithoutEchoingIt(String line) {
    assertThatThrownBy(() -> Headers.parse(List.of("Accept: */*", line)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-H expects 'Name: value'");
  }
}
