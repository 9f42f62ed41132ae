package dev.ssewatch.exporters.otel.receiver;

/** An exporter's test endpoint that can be told to answer every request with an error. */
public interface RejectingEndpoint extends AutoCloseable {

  /** {@code http://127.0.0.1:port}, without a trailing slash. */
  String baseUrl();

  /** Makes later requests fail with {@code status}, or succeed again with 200. */
  void respondWith(int status);

  /** Requests received so far, accepted or not. */
  int requests();

  /** Streams delivered so far (spans, or Application Insights requests). */
  int streamsDelivered();

  @Override
  void close();
}
