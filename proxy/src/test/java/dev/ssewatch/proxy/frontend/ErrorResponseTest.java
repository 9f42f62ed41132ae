package dev.ssewatch.proxy.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorResponseTest {

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | malformed request         | 400 Bad Request: malformed request                      | ",
        "405 | CONNECT is not supported  | 405 Method Not Allowed: CONNECT is not supported        | GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS",
        "502 | backend unreachable       | 502 Bad Gateway: backend unreachable                    | ",
        "504 | backend connect timed out | 504 Gateway Timeout: backend connect timed out          | ",
      })
  void aLineOfTextAndTheConnectionClosed(int code, String message, String body, String allow) {
    FullHttpResponse r = ErrorResponse.of(HttpResponseStatus.valueOf(code), message);
    try {
      String text = r.content().toString(StandardCharsets.UTF_8);
      assertThat(text).isEqualTo(body + "\n");
      assertThat(r.status().code()).isEqualTo(code);
      assertThat(r.headers().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
      assertThat(r.headers().getInt("Content-Length")).isEqualTo(body.length() + 1);
      assertThat(r.headers().get("Connection")).isEqualTo("close");
      assertThat(r.headers().get("Allow")).isEqualTo(allow);
    } finally {
      r.release();
    }
  }
}
