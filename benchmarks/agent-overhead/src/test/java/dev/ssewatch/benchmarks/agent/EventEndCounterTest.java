package dev.ssewatch.benchmarks.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventEndCounterTest {

  private static final String CHUNKED =
      "HTTP/1.1 200 \r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
  private static final String IDENTITY =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

  /** One chunk of {@code data}, framed. */
  private static String chunk(String data) {
    return Integer.toHexString(data.length()) + "\r\n" + data + "\r\n";
  }

  /** Spring MVC's three writes of one event, each flushed as a chunk of its own. */
  private static String mvcEvent(int id) {
    return chunk("id:" + id + "\nevent:tick\ndata:")
        + chunk("{\"t\":1,\"seq\":" + id + "}")
        + chunk("\n\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // the event's end in a chunk of its own, right after the size line's line end
        "Spring MVC's three chunks per event | mvc | 3",
        // an event's end split over two chunks
        "a blank line across chunks | split | 2",
        // a chunk that starts with a line end: not an event end with the framing's
        "a chunk starting with a line end | leading | 1",
        // three line ends: one event end, the third only a line end; four: two
        "three and four line ends | runs | 3",
        // without chunking, everything after the headers is body
        "no chunking | identity | 2",
        // chunk extensions and the last chunk with trailers
        "extensions, last chunk, trailers | ending | 1",
      })
  void countsTheEventEndsOfTheDeChunkedBody(String name, String kind, long events)
      throws IOException {
    String response = response(kind);
    long bodyBytes = bodyBytes(kind);

    // Whole, byte by byte, and split in two at every position: the same counts.
    assertCounts(response, response.length(), events, bodyBytes);
    assertCounts(response, 1, events, bodyBytes);
    byte[] all = response.getBytes(StandardCharsets.ISO_8859_1);
    for (int at = 0; at <= all.length; at++) {
      EventEndCounter c = new EventEndCounter();
      c.feed(all, 0, at);
      c.feed(all, at, all.length - at);
      assertThat(c.events()).as("split at %d", at).isEqualTo(events);
      assertThat(c.bodyBytes()).as("split at %d", at).isEqualTo(bodyBytes);
    }
  }

  private static String response(String kind) {
    return switch (kind) {
      case "mvc" -> CHUNKED + mvcEvent(1) + mvcEvent(2) + mvcEvent(3);
      case "split" -> CHUNKED + chunk("data:a\n") + chunk("\ndata:b\n") + chunk("\n");
      case "leading" -> CHUNKED + chunk("data:a") + chunk("\ndata:b\n\n");
      case "runs" -> CHUNKED + chunk("data:a\n\n\n") + chunk("data:b\n\n\n\n");
      case "identity" -> IDENTITY + "data:a\n\ndata:b\n\n";
      case "ending" ->
          "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\n\r\n"
              + "8;name=value\r\ndata:a\n\n\r\n0\r\nX-Trailer: 1\r\n\r\ndata:x\n\n";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static long bodyBytes(String kind) {
    return switch (kind) {
      case "mvc" -> 3L * ("id:1\nevent:tick\ndata:{\"t\":1,\"seq\":1}\n\n".length());
      case "split" -> "data:a\n\ndata:b\n\n".length();
      case "leading" -> "data:a\ndata:b\n\n".length();
      case "runs" -> "data:a\n\n\ndata:b\n\n\n\n".length();
      case "identity" -> "data:a\n\ndata:b\n\n".length();
      case "ending" -> "data:a\n\n".length();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static void assertCounts(String response, int step, long events, long bodyBytes)
      throws IOException {
    byte[] all = response.getBytes(StandardCharsets.ISO_8859_1);
    EventEndCounter c = new EventEndCounter();
    for (int i = 0; i < all.length; i += step) {
      c.feed(all, i, Math.min(step, all.length - i));
    }
    assertThat(c.events()).as("step %d", step).isEqualTo(events);
    assertThat(c.bodyBytes()).as("step %d", step).isEqualTo(bodyBytes);
  }

  @Test
  void endsWithTheLastChunk() throws IOException {
    EventEndCounter c = new EventEndCounter();
    byte[] r = (CHUNKED + chunk("data:a\n\n")).getBytes(StandardCharsets.ISO_8859_1);
    c.feed(r, 0, r.length);
    assertThat(c.done()).isFalse();

    byte[] last = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    c.feed(last, 0, last.length);
    assertThat(c.done()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a status other than 200 | HTTP/1.1 404 Not Found\\r\\nContent-Length: 0\\r\\n\\r\\n"
            + " | not an event stream: HTTP/1.1 404 Not Found",
        "a bad chunk size | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n"
            + " | bad chunk size byte 122",
        "a chunk without its line end | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
            + "1\\r\\nab | chunk data not followed by a line end",
        "a huge chunk size | HTTP/1.1 200 OK\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n"
            + "fffffffff\\r\\n | chunk size too large",
      })
  void refusesWhatIsNotAnEventStreamResponse(String name, String response, String message) {
    byte[] r =
        response.replace("\\r", "\r").replace("\\n", "\n").getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> new EventEndCounter().feed(r, 0, r.length))
        .isInstanceOf(IOException.class)
        .hasMessage(message);
  }

  @Test
  void refusesEndlessHeaders() {
    byte[] r =
        ("HTTP/1.1 200 OK\r\nX: " + "a".repeat(20_000)).getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> new EventEndCounter().feed(r, 0, r.length))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("response headers longer than");
  }
}
