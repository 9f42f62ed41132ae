package dev.ssewatch.core.sse;

import dev.ssewatch.core.sse.Feed.Run;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard's algorithm written as plainly as possible, as a test oracle: decode the whole
 * stream, split it into lines, then interpret each line. It works on text, so it cannot know how
 * many bytes a value had when the input was invalid UTF-8; callers compare counts only for valid
 * input.
 */
final class ReferenceParser {

  private ReferenceParser() {}

  static Run<SseEvent> parse(byte[] in, String initialLastEventId) {
    boolean bom =
        in.length >= 3
            && (in[0] & 0xFF) == 0xEF
            && (in[1] & 0xFF) == 0xBB
            && (in[2] & 0xFF) == 0xBF;
    int from = bom ? 3 : 0;
    String text = Utf8.decodeStrict(in, from, in.length - from);

    List<SseEvent> events = new ArrayList<>();
    List<Long> comments = new ArrayList<>();
    String idBuffer = initialLastEventId == null ? "" : initialLastEventId;
    String lastEventId = idBuffer;
    StringBuilder data = new StringBuilder();
    int dataLines = 0;
    String type = "";
    long retry = -1;

    int pos = 0;
    while (true) {
      int cr = text.indexOf('\r', pos);
      int lf = text.indexOf('\n', pos);
      int eol = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (eol < 0) {
        break; // an unterminated last line is discarded with the rest at end of stream
      }
      String line = text.substring(pos, eol);
      pos = eol + 1;
      if (text.charAt(eol) == '\r' && pos < text.length() && text.charAt(pos) == '\n') {
        pos++;
      }

      if (line.isEmpty()) {
        lastEventId = idBuffer;
        if (data.length() == 0) {
          type = "";
          continue;
        }
        data.setLength(data.length() - 1);
        String d = data.toString();
        events.add(
            new SseEvent(
                type.isEmpty() ? "message" : type,
                d,
                lastEventId,
                utf8Length(d),
                dataLines,
                false));
        data.setLength(0);
        dataLines = 0;
        type = "";
        continue;
      }
      if (line.charAt(0) == ':') {
        comments.add(utf8Length(line.substring(1)));
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> type = value;
        case "data" -> {
          data.append(value).append('\n');
          dataLines++;
        }
        case "id" -> {
          if (value.indexOf('\0') < 0) {
            idBuffer = value;
          }
        }
        case "retry" -> {
          if (!value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            retry = saturatingParse(value);
          }
        }
        default -> {}
      }
    }
    return new Run<>(events, comments, lastEventId, retry);
  }

  private static long utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private static long saturatingParse(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException tooBig) {
      return Long.MAX_VALUE;
    }
  }
}
