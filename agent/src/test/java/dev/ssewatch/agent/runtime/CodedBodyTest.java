package dev.ssewatch.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.stream.StreamRecorder;
import dev.ssewatch.core.stream.StreamRecorders;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.StreamEnd;
import dev.ssewatch.core.telemetry.TelemetryRecord;
import dev.ssewatch.core.time.TimeSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coded bodies as servers send them: the coded bytes are counted, gzip and deflate decoded. */
class CodedBodyTest {

  private static final String EVENTS = events(40);

  private static String events(int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= n; i++) {
      b.append("id: ").append(i).append("\nevent: tick\ndata: payload ").append(i).append("\n\n");
    }
    return b.toString();
  }

  static List<Arguments> cases() throws IOException {
    byte[] plain = EVENTS.getBytes(StandardCharsets.UTF_8);
    return List.of(
        // coding, body, events expected
        Arguments.of("gzip", gzip(plain), 40),
        Arguments.of("x-gzip", gzip(plain), 40),
        Arguments.of("GZIP", gzip(plain), 40),
        Arguments.of("gzip", gzipWithOptionalHeader(plain), 40),
        Arguments.of("deflate", deflate(plain, false), 40),
        Arguments.of("deflate", deflate(plain, true), 40),
        Arguments.of("br", new byte[] {11, 2, -128, 1, 2, 3}, 0),
        Arguments.of("zstd", new byte[] {40, -75, 47, -3, 0, 1}, 0),
        // not gzip after all: counted only, never parsed as text
        Arguments.of("gzip", plain, 0),
        // corrupt after a good header
        Arguments.of("gzip", corrupt(gzip(plain)), 0));
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("cases")
  void wholeChunks(String coding, byte[] body, int events) {
    assertRecorded(coding, body, events, body.length);
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("cases")
  void oneByteAtATime(String coding, byte[] body, int events) {
    assertRecorded(coding, body, events, 1);
  }

  @ParameterizedTest(name = "{0} #{index}")
  @MethodSource("cases")
  void directBuffersOfSevenBytes(String coding, byte[] body, int events) {
    List<TelemetryRecord> out = new ArrayList<>();
    StreamRecorder r = recorder(out);
    CodedBody c = CodedBody.of(coding);
    for (int off = 0; off < body.length; off += 7) {
      int len = Math.min(7, body.length - off);
      ByteBuffer direct = ByteBuffer.allocateDirect(len);
      direct.put(body, off, len).flip();
      c.onBytes(direct, r, System.nanoTime());
      assertThat(direct.position()).as("the caller's buffer is left as it was").isZero();
    }
    c.close();
    r.onEnd(CloseReason.COMPLETED, System.nanoTime());
    StreamEnd end = end(out);
    assertThat(end.bytes()).isEqualTo(body.length);
    assertThat(end.events()).isEqualTo(events);
  }

  @ParameterizedTest
  @MethodSource("identities")
  void noCodingIsNoCodedBody(String coding) {
    assertThat(CodedBody.of(coding)).isNull();
  }

  static List<String> identities() {
    List<String> out = new ArrayList<>();
    out.add(null);
    out.add("");
    out.add("identity");
    out.add(" Identity ");
    return out;
  }

  private static void assertRecorded(String coding, byte[] body, int events, int chunk) {
    List<TelemetryRecord> out = new ArrayList<>();
    StreamRecorder r = recorder(out);
    CodedBody c = CodedBody.of(coding);
    for (int off = 0; off < body.length; off += chunk) {
      c.onBytes(body, off, Math.min(chunk, body.length - off), r, System.nanoTime());
    }
    c.close();
    r.onEnd(CloseReason.COMPLETED, System.nanoTime());
    StreamEnd end = end(out);
    assertThat(end.bytes()).as("coded bytes on the wire").isEqualTo(body.length);
    assertThat(end.events()).isEqualTo(events);
  }

  private static StreamRecorder recorder(List<TelemetryRecord> out) {
    StreamRecorders recorders =
        StreamRecorders.createWithoutTicker(
            Settings.of(Map.of()),
            dev.ssewatch.core.telemetry.StreamSource.AGENT,
            out::add,
            TimeSource.system());
    StreamRecorder r = recorders.begin("GET", "/sse", null, List.of(), System.nanoTime(), true);
    r.onResponseHeaders(
        200, List.of(new Header("Content-Type", "text/event-stream")), System.nanoTime());
    return r;
  }

  private static StreamEnd end(List<TelemetryRecord> out) {
    return out.stream()
        .filter(StreamEnd.class::isInstance)
        .map(StreamEnd.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /** Flushed after every event, as a server's compressor does. */
  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes, true)) {
      for (int off = 0; off < plain.length; off += 50) {
        gz.write(plain, off, Math.min(50, plain.length - off));
        gz.flush();
      }
    }
    return bytes.toByteArray();
  }

  /** A gzip header with FEXTRA, FNAME, FCOMMENT and FHCRC, then raw deflate data and a trailer. */
  private static byte[] gzipWithOptionalHeader(byte[] plain) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {0x1f, (byte) 0x8b, 8, 2 | 4 | 8 | 16, 0, 0, 0, 0, 0, 3});
    b.write(new byte[] {3, 0, 'a', 'b', 'c'});
    b.write("name.txt\0".getBytes(StandardCharsets.ISO_8859_1));
    b.write("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
    b.write(new byte[] {0x12, 0x34});
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try (DeflaterOutputStream out = new DeflaterOutputStream(b, d)) {
      out.write(plain);
    }
    b.write(new byte[8]);
    return b.toByteArray();
  }

  private static byte[] deflate(byte[] plain, boolean raw) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    try (DeflaterOutputStream out = new DeflaterOutputStream(b, d, true)) {
      out.write(plain);
      out.flush();
    }
    return b.toByteArray();
  }

  private static byte[] corrupt(byte[] gz) {
    byte[] out = gz.clone();
    for (int i = 10; i < out.length; i++) {
      out[i] = (byte) 0xff;
    }
    return out;
  }
}
