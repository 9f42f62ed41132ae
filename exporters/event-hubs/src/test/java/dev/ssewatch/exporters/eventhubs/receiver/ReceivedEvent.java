package dev.ssewatch.exporters.eventhubs.receiver;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One event the test peer took from the hub link: its partition key, application properties,
 * content type and body.
 */
public record ReceivedEvent(
    String partitionKey, Map<String, Object> properties, String contentType, byte[] body) {

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
