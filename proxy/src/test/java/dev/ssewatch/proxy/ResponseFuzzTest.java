package dev.ssewatch.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Arbitrary bytes as a backend's response (heads, chunked framing, event-stream bodies) to one
 * client request through the proxy over real loopback sockets. An input that starts with {@code
 * HTTP/} is the response to a keep-alive {@code GET}; otherwise its first byte picks the request
 * (modulo 4: keep-alive {@code GET}, HTTP/1.0 {@code GET}, {@code HEAD}, {@code GET} with {@code
 * Connection: close}) and the rest is the response. The backend then ends its side. Every build
 * replays the seed corpus in {@code ResponseFuzzTestInputs/}; docs/fuzzing.md says how to fuzz.
 *
 * <p>Invariants: no buffer leak, no exception escaping a handler, every exchange ends; the client
 * receives, as a strict peer reads it, interim responses and then exactly one well-formed final
 * response and nothing after it; a response the client cannot see the end of by its framing is
 * ended by a close; and when the backend's response is itself well-formed and complete, the client
 * gets its status and its body byte for byte.
 */
class ResponseFuzzTest {

  private static final String[] REQUESTS = {
    "GET /events HTTP/1.1\r\nHost: app.example\r\nAccept: text/event-stream\r\n\r\n",
    "GET /events HTTP/1.0\r\n\r\n",
    "HEAD /events HTTP/1.1\r\nHost: app.example\r\n\r\n",
    "GET /events HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n"
  };
  private static final String[] METHODS = {"GET", "GET", "HEAD", "GET"};

  /** Heads beyond this are left out of the byte-for-byte comparison: the proxy may refuse them. */
  private static final int COMPARED_HEAD_BYTES = 2048;

  @RegisterExtension static final LoopbackFuzzRig.PerClass fuzz = new LoopbackFuzzRig.PerClass();

  @FuzzTest(maxDuration = "10m")
  void clientGetsOneCorrectlyFramedResponse(byte[] input) throws IOException {
    LoopbackFuzzRig rig = fuzz.rig();
    boolean bare = startsWith(input, "HTTP/");
    int variant = bare || input.length == 0 ? 0 : (input[0] & 0xFF) % REQUESTS.length;
    byte[] response =
        bare || input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    String method = METHODS[variant];
    rig.backend.respondWith(response);
    LoopbackFuzzRig.Outcome out =
        rig.exchange(
            REQUESTS[variant].getBytes(StandardCharsets.US_ASCII),
            true,
            received -> endsOnlyByClose(received, method));
    String as = "request " + variant + ", response " + RequestFuzzTest.describe(response);
    assertThat(rig.takeProblems()).as(as).isEmpty();
    for (RawRecordingBackend.Conn c : out.backendConns()) {
      assertThat(c.malformed).as("backend could not read the request: %s", as).isNull();
      assertThat(c.requests).as(as).hasSizeLessThanOrEqualTo(1);
    }

    byte[] got = out.clientReceived();
    StrictHttp.Message last = null;
    int at = 0;
    while (at < got.length) {
      StrictHttp.Message m;
      try {
        m = StrictHttp.response(got, at, got.length, method);
      } catch (StrictHttp.Malformed e) {
        throw new AssertionError(
            "the client got a malformed response (" + e.getMessage() + "): " + as);
      }
      assertThat(m).as("the client got an unfinished head: %s", as).isNotNull();
      assertThat(last == null || last.status() / 100 == 1)
          .as("bytes after the final response: %s", as)
          .isTrue();
      last = m;
      at = m.end();
      if (!m.complete() || m.closeDelimited()) {
        break;
      }
    }
    if (last == null) {
      assertThat(out.clientSawClose()).as("no response and no close: %s", as).isTrue();
      return;
    }
    if (!last.complete()) {
      // A response cut short (or ending only at a close) must be ended by the proxy closing.
      assertThat(out.clientSawClose()).as("a response without an end: %s", as).isTrue();
    }
    assertSameAsBackend(response, method, last, out.clientSawClose(), as);
  }

  /** A well-formed, complete response from the backend reaches the client unchanged in content. */
  private static void assertSameAsBackend(
      byte[] response,
      String method,
      StrictHttp.Message client,
      boolean clientSawClose,
      String as) {
    StrictHttp.Message sent = finalResponse(response, method);
    if (sent == null) {
      return;
    }
    assertThat(client.status()).as("status: %s", as).isEqualTo(sent.status());
    if (client.complete() || (client.closeDelimited() && clientSawClose)) {
      assertThat(new String(client.body(), StandardCharsets.ISO_8859_1))
          .as("body: %s", as)
          .isEqualTo(new String(sent.body(), StandardCharsets.ISO_8859_1));
    } else {
      assertThat(client.complete()).as("a complete backend response cut short: %s", as).isTrue();
    }
  }

  /**
   * The backend's final response if the bytes are well-formed interim responses and one complete
   * final response (or a close-delimited one) with nothing after it, small and plain enough that
   * any HTTP/1.1 peer must accept it; else {@code null}.
   */
  private static StrictHttp.Message finalResponse(byte[] response, String method) {
    int at = 0;
    try {
      while (at < response.length) {
        StrictHttp.Message m = StrictHttp.response(response, at, response.length, method);
        if (m == null || (!m.complete() && !m.closeDelimited())) {
          return null;
        }
        int status = m.status();
        if (status < 100 || status == 101) {
          return null;
        }
        if (status >= 200) {
          boolean plain = true;
          for (int k = at; k < m.end() - m.body().length && plain; k++) {
            plain =
                response[k] == '\r'
                    || response[k] == '\n'
                    || (response[k] >= 0x20 && response[k] < 0x7F);
          }
          boolean small = m.end() - at - m.body().length < COMPARED_HEAD_BYTES;
          return m.end() == response.length && plain && small ? m : null;
        }
        at = m.end();
      }
    } catch (StrictHttp.Malformed e) {
      return null;
    }
    return null;
  }

  /** Whether the bytes so far hold a response that only a close can end (or complete). */
  private static boolean endsOnlyByClose(byte[] got, String method) {
    int at = 0;
    try {
      while (at < got.length) {
        StrictHttp.Message m = StrictHttp.response(got, at, got.length, method);
        if (m == null || !m.complete()) {
          return true;
        }
        if (m.status() >= 200) {
          return false;
        }
        at = m.end();
      }
    } catch (StrictHttp.Malformed e) {
      return false;
    }
    return true;
  }

  private static boolean startsWith(byte[] b, String prefix) {
    return b.length >= prefix.length()
        && new String(b, 0, prefix.length(), StandardCharsets.US_ASCII).equals(prefix);
  }
}
