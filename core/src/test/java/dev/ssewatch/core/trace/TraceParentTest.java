package dev.ssewatch.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.http.Header;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The W3C Trace Context {@code traceparent} rules, version 00, as a table of cases. */
class TraceParentTest {

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | the recommendation's example",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00 | not sampled",
        "'  00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\t' | optional whitespace",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | a later version, same length",
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future | a later version"
            + " with more fields",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-ff | every flag set",
        "00-80000000000000000000000000000000-8000000000000000-01 | high bits set",
      })
  void valid(String value, String why) {
    TraceParent p = TraceParent.parse(value);

    assertThat(p).as(why).isNotNull();
    assertThat(TraceIds.traceparent(p.traceIdHigh(), p.traceIdLow(), p.parentSpanId(), p.flags()))
        .isEqualTo("00" + value.strip().substring(2, 55));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'' | empty",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7 | no flags",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01- | version 00 with more",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x | version 00 with a field",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | the forbidden version",
        "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | version not hex",
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x | a later version, no dash",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01 | uppercase trace id",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01 | uppercase span id",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A | uppercase flags",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01 | all-zero trace id",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01 | all-zero span id",
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 | wrong separator",
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01 | short trace id",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0x | flags not hex",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902-b7-01 | dash inside the span id",
      })
  void invalid(String value, String why) {
    assertThat(TraceParent.parse(value)).as(why).isNull();
  }

  @Test
  void headerNamesAreCaseInsensitive() {
    TraceParent p =
        TraceParent.from(
            List.of(
                new Header("Accept", "text/event-stream"),
                new Header(
                    "TraceParent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")));

    assertThat(p).isNotNull();
    assertThat(TraceIds.hex(p.parentSpanId())).isEqualTo("00f067aa0ba902b7");
    assertThat(p.sampled()).isTrue();
  }

  @Test
  void twoTraceparentsAreIgnored() {
    String v = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    assertThat(
            TraceParent.from(List.of(new Header("traceparent", v), new Header("traceparent", v))))
        .isNull();
    assertThat(TraceParent.from(List.of())).isNull();
    assertThat(TraceParent.from(null)).isNull();
  }

  @Test
  void idsAreLowercaseHexOfTheirFullWidth() {
    assertThat(TraceIds.traceId(1, 0xabL)).isEqualTo("000000000000000100000000000000ab");
    assertThat(TraceIds.hex(-1)).isEqualTo("ffffffffffffffff");
    assertThat(TraceIds.traceparent(1, 2, 3, (byte) 1))
        .isEqualTo("00-00000000000000010000000000000002-0000000000000003-01");
  }
}
