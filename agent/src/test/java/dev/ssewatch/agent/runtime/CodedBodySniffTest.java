package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whether a servlet body with a recorded content coding reaches the agent coded (an application's
 * filter compressed it above the container) or plain (the container compresses it below).
 */
class CodedBodySniffTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // coding, first byte, second byte, coded
        Arguments.of("gzip", 0x1f, 0x8b, true),
        Arguments.of("GZIP ", 0x1f, 0x8b, true),
        Arguments.of("x-gzip", 0x1f, -1, true),
        Arguments.of("gzip", 'd', 'a', false),
        Arguments.of("gzip", 'i', 'd', false),
        Arguments.of("gzip", ':', ' ', false),
        Arguments.of("deflate", 0x78, 0x9c, true),
        Arguments.of("deflate", 0x78, 0x01, true),
        Arguments.of("deflate", 0x78, -1, false),
        Arguments.of("deflate", 'd', 'a', false),
        Arguments.of("deflate", 0x78, 'a', false),
        Arguments.of("br", 0x1f, 0x8b, false),
        Arguments.of("zstd", 0x28, 0xb5, false),
        Arguments.of(null, 0x1f, 0x8b, false));
  }

  @ParameterizedTest(name = "{0} starting {1} {2}: coded {3}")
  @MethodSource("cases")
  void tellsACodedBodyFromAPlainOne(String coding, int first, int second, boolean coded) {
    CodedBody body = CodedBody.sniffed(coding, first, second);
    assertThat(body != null).isEqualTo(coded);
    if (body != null) {
      body.close();
    }
  }
}
