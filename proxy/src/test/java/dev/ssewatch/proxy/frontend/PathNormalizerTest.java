package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathNormalizerTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "REFUSED",
      value = {
        // already normal
        "/|/",
        "/public/x|/public/x",
        "/public/|/public/",
        "/a//b|/a//b",
        "/a;v=1/b|/a;v=1/b",
        "/%20x|/%20x",
        // dot-segments removed (RFC 3986 §5.2.4)
        "/public/../internal/x|/internal/x",
        "/public/./x|/public/x",
        "/public/x/.|/public/x/",
        "/public/x/..|/public/",
        "/a/b/../../c|/c",
        "/a/..|/",
        "/./|/",
        // unreserved characters decoded, so encoded dots are dots
        "/public/%2e%2e/internal|/internal",
        "/public/%2E%2E/internal|/internal",
        "/public/.%2e/internal|/internal",
        "/%7Euser/%41|/~user/A",
        // other escapes kept, hex digits upper-cased
        "/a%3bb|/a%3Bb",
        "/a%252e%252e/b|/a%252e%252e/b",
        "/caf%c3%a9|/caf%C3%A9",
        // climbing above the root
        "/..|REFUSED",
        "/../etc/passwd|REFUSED",
        "/a/../../b|REFUSED",
        "/%2e%2e/x|REFUSED",
        // dot-segments with parameters (Tomcat and Jetty climb, others do not)
        "/public/..;/internal|REFUSED",
        "/public/..;x=1/internal|REFUSED",
        "/public/.;/x|REFUSED",
        "/public/%2e%2e;/internal|REFUSED",
        // encoded slashes and backslashes
        "/public%2f..%2finternal|REFUSED",
        "/public%2F..%2Finternal|REFUSED",
        "/public\\..\\internal|REFUSED",
        "/public/%5c..%5cinternal|REFUSED",
        // encoded control characters
        "/a%00b|REFUSED",
        "/a%0d%0aSet-Cookie:x|REFUSED",
        "/a%7f|REFUSED",
        "/a%1f|REFUSED",
        // malformed escapes
        "/a%zz|REFUSED",
        "/a%4|REFUSED",
        "/a%|REFUSED",
        // not a path
        "a/b|REFUSED",
      })
  void normalizes(String raw, String expected) {
    assertThat(PathNormalizer.normalize(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"/", "/public/x", "/a;v=1/b", "/a.b/c./d..e", "/a/b/"})
  void aNormalPathIsReturnedAsIsWithoutCopying(String raw) {
    assertThat(PathNormalizer.normalize(raw)).isSameAs(raw);
  }
}
