package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteTest {

  private static final URI BACKEND = URI.create("http://127.0.0.1:9000");

  @ParameterizedTest
  @ValueSource(strings = {"/", "/api", "/api/", "/a%20b", "/~user", "/a;v=1"})
  void normalisedPrefixesAreAccepted(String prefix) {
    assertThat(new Route(null, prefix, BACKEND, RouteOptions.defaults()).pathPrefix())
        .isEqualTo(prefix);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/a/../b", "/./a", "/a/.", "/%7Euser", "/a%2fb", "/a\\b", "/a%20b%2x", "/a%2a"})
  void prefixesNoNormalisedPathCanMatchAreRefused(String prefix) {
    assertThatThrownBy(() -> new Route(null, prefix, BACKEND, RouteOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normalised path");
  }
}
