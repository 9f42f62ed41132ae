package dev.ssewatch.agent.it;

import dev.ssewatch.core.telemetry.StrictJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The JSON-lines telemetry a child JVM's agent wrote, re-read on every call. */
final class Telemetry {

  private final Path file;

  Telemetry(Path file) {
    this.file = file;
  }

  String raw() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Map<String, Object>> records() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : raw().split("\n")) {
      // The last line may be half written while the agent exports.
      if (line.startsWith("{") && line.endsWith("}")) {
        out.add(StrictJson.object(line));
      }
    }
    return out;
  }

  /** The id of the stream whose URL is {@code url}, or {@code null} while it has not started. */
  String streamId(String url) {
    for (Map<String, Object> r : records()) {
      if ("stream_start".equals(r.get("record")) && url.equals(r.get("url"))) {
        return (String) r.get("stream_id");
      }
    }
    return null;
  }

  List<Map<String, Object>> of(String streamId, String recordType) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : records()) {
      if (recordType.equals(r.get("record")) && Objects.equals(streamId, r.get("stream_id"))) {
        out.add(r);
      }
    }
    return out;
  }

  Map<String, Object> end(String streamId) {
    List<Map<String, Object>> ends = of(streamId, "stream_end");
    return ends.isEmpty() ? null : ends.get(0);
  }
}
