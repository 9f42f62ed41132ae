package dev.ssewatch.core.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** WHATWG "UTF-8 decode": one U+FFFD per maximal subpart of an ill-formed sequence. */
class Utf8Test {

  private static final String R = "\ufffd";

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("ascii", "41 42", "AB"),
        Arguments.of("two-byte", "c3 a9", "\u00e9"),
        Arguments.of("three-byte", "e2 82 ac", "\u20ac"),
        Arguments.of("four-byte", "f0 9f 98 80", "\ud83d\ude00"),
        Arguments.of("encoded U+FFFD is kept", "ef bf bd", R),
        Arguments.of("lone continuation", "80", R),
        Arguments.of("two lone continuations", "80 bf", R + R),
        Arguments.of("invalid lead bytes", "c0 c1 f5 ff", R + R + R + R),
        Arguments.of("overlong two-byte", "c0 80", R + R),
        Arguments.of("overlong three-byte", "e0 80 80", R + R + R),
        Arguments.of("overlong four-byte", "f0 80 80 80", R + R + R + R),
        Arguments.of("encoded surrogate", "ed a0 80", R + R + R),
        Arguments.of("last valid before surrogates", "ed 9f bf", "\ud7ff"),
        Arguments.of("above U+10FFFF", "f4 90 80 80", R + R + R + R),
        Arguments.of("U+10FFFF", "f4 8f bf bf", "\udbff\udfff"),
        Arguments.of("truncated three-byte then ascii", "e2 82 41", R + "A"),
        Arguments.of("truncated four-byte at end", "f0 9f 98", R),
        Arguments.of(
            "truncated sequences in a row", "e1 80 e2 f0 91 92 f1 bf 41", R + R + R + R + "A"),
        Arguments.of("lead byte interrupts a sequence", "e2 c3 a9", R + "\u00e9"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesPerMaximalSubpart(String name, String hex, String expected) {
    byte[] b = hex(hex);
    assertThat(Utf8.decode(b, 0, b.length)).isEqualTo(expected);
    assertThat(Utf8.decodeStrict(b, 0, b.length)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void decodesInsideLargerArray(String name, String hex, String expected) {
    byte[] b = hex("78 " + hex + " 78");
    assertThat(Utf8.decode(b, 1, b.length - 2)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void agreesWithJdkOnValidInput(String name, String hex, String expected) {
    byte[] b = hex(hex);
    if (!expected.contains(R)) {
      assertThat(Utf8.decodeStrict(b, 0, b.length))
          .isEqualTo(new String(b, StandardCharsets.UTF_8));
    }
  }

  private static byte[] hex(String hex) {
    String[] parts = hex.trim().split(" ");
    byte[] b = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return b;
  }
}
