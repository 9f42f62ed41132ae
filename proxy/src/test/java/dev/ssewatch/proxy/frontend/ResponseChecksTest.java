package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseChecksTest {

  @ParameterizedTest(name = "{0} \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200 | OK                | true",
        "100 | Continue          | true",
        "599 | Whatever          | true",
        "999 | Unknown but legal | true",
        "204 | ''                | true",
        "2   | OK                | false",
        "99  | OK                | false",
        "1000| OK                | false",
      })
  void codes(int code, String reason, boolean valid) {
    assertThat(ResponseChecks.validStatus(new HttpResponseStatus(code, reason))).isEqualTo(valid);
  }

  @ParameterizedTest(name = "reason with U+{0}")
  @CsvSource({"0000, false", "007F, false", "000B, false", "0009, true", "00E9, true"})
  void reasonCharacters(String hex, boolean valid) {
    String reason = "O" + (char) Integer.parseInt(hex, 16) + "K";
    assertThat(ResponseChecks.validStatus(new HttpResponseStatus(200, reason))).isEqualTo(valid);
  }

  @ParameterizedTest(name = "{0} \"{1}\" decoded {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200 | OK                  | true  | ''",
        "103 | Early Hints         | true  | ''",
        "101 | Switching Protocols | true  | UPGRADE",
        "101 |  Switch\u0000ing      | true  | STATUS_LINE",
        "99  | OK                  | true  | STATUS_LINE",
        "200 | OK                  | false | MALFORMED",
        "99  | OK                  | false | MALFORMED",
      })
  void refusals(int code, String reason, boolean decoded, String expected) {
    HttpResponse resp =
        new DefaultHttpResponse(HttpVersion.HTTP_1_1, new HttpResponseStatus(code, reason));
    if (!decoded) {
      resp.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("bad")));
    }
    ResponseChecks.Refusal r = ResponseChecks.refusal(resp);
    assertThat(r == null ? "" : r.name()).isEqualTo(expected);
  }

  @Test
  void onlyAnUpgradeIsNotTheBackendsFault() {
    assertThat(ResponseChecks.Refusal.values())
        .filteredOn(r -> !r.backendFault)
        .containsExactly(ResponseChecks.Refusal.UPGRADE);
  }
}
