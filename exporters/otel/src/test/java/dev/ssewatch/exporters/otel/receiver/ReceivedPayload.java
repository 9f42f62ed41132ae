package dev.ssewatch.exporters.otel.receiver;

import java.nio.charset.StandardCharsets;

/**
 * One request a test receiver got: the path (or gRPC method), the raw body as it came off the
 * socket (decompressed when the sender compressed it), and the body decoded to text.
 */
public record ReceivedPayload(String path, byte[] body, String decoded) {

  /** Whether {@code needle} occurs in the raw bytes (as UTF-8) or in the decoded text. */
  public boolean contains(String needle) {
    return new String(body, StandardCharsets.ISO_8859_1)
            .contains(
                new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
        || decoded.contains(needle);
  }
}
