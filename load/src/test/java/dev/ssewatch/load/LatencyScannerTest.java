package dev.ssewatch.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LatencyScannerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // spec, stream, stated values in order
        Arguments.of("field:t", "data: {\"t\":123}\n\n", List.of(123L)),
        Arguments.of("field:t", "data: {\"a\":1, \"t\" : \"456\"}\r\n\r\n", List.of(456L)),
        Arguments.of("field:t", "data: {\"tt\":1,\"t\":7}\n\n", List.of(7L)),
        Arguments.of("field:t", "data: {\"x\":\"t\",\"t\":8}\n\n", List.of(8L)),
        Arguments.of("field:ab", "data: {\"aab\":1,\"ab\":9}\n\n", List.of(9L)),
        Arguments.of("field:t", "data: [1,\ndata: {\"t\":5}]\n\n", List.of(5L)),
        Arguments.of("field:t", ": {\"t\":1}\nevent: {\"t\":2}\n\n", List.of()),
        Arguments.of("field:t", "data: {\"t\":x1}\n\n", List.of()),
        Arguments.of("field:t", "data: {\"t\":1234567890123456789}\n\n", List.of()),
        Arguments.of("field:t", "data:{\"t\":1}\rdata:{\"t\":2}\n\n", List.of(1L, 2L)),
        Arguments.of("comment:sent=", ": sent=1700000000000\ndata: x\n\n", List.of(1700000000000L)),
        Arguments.of("comment:sent=", ":sent=42\n", List.of(42L)),
        Arguments.of("comment:sent=", ":  sent=42\n", List.of()),
        Arguments.of("comment:sent=", ":xsent=42\n:ssent=43\n", List.of()),
        Arguments.of("comment:sent=", "data: sent=42\n", List.of()),
        Arguments.of("comment:sent=", ":sent=1\n\n:sent=2\r\n", List.of(1L, 2L)));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void findsTheStatedTimeInEveryChunking(String spec, String stream, List<Long> expected) {
    byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
    LatencyScanner.Spec s = new LatencyScanner.Spec(LatencySource.parse(spec));
    for (int split = 0; split <= bytes.length; split++) {
      List<Long> seen = new ArrayList<>();
      LatencyScanner scanner = new LatencyScanner(s, seen::add);
      scanner.feed(bytes, 0, split);
      scanner.feed(bytes, split, bytes.length - split);
      assertThat(seen).as("split at %d", split).isEqualTo(expected);
    }
    List<Long> seen = new ArrayList<>();
    LatencyScanner byteByByte = new LatencyScanner(s, seen::add);
    for (byte b : bytes) {
      byteByByte.feed(new byte[] {b}, 0, 1);
    }
    assertThat(seen).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ids", "field:", "comment:", "field:a\"b", "data:x", "field:a b"})
  void refusesAnythingButTheThreeForms(String spec) {
    assertThatThrownBy(() -> LatencySource.parse(spec))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {1_700_000_000_000L, 1_700_000_000_000_000L})
  void millisecondsAndMicrosecondsAreToldApartBySize(long stated) {
    assertThat(LatencySource.toMicros(stated)).isEqualTo(1_700_000_000_000_000L);
  }
}
