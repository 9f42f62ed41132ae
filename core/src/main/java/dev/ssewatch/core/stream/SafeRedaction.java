package dev.ssewatch.core.stream;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.sse.SseParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorder's calls to its redactor, each with what to record when the redactor fails: never the
 * raw value, and as much of the rest as can be shown without it. A failure is counted by the
 * factory; the stream goes on.
 */
final class SafeRedaction {

  private SafeRedaction() {}

  /** The redacted request target; without a working redactor only its path. */
  static String url(StreamRecorders owner, String raw) {
    try {
      return owner.redactor().url(raw);
    } catch (Throwable e) {
      owner.countError();
      // Without a working redactor keep only the path: no user info, host or query values.
      String path = RequestTargets.pathOf(raw);
      return raw.indexOf('?') < 0 ? path : path + "?" + Redactor.MARKER;
    }
  }

  /** The redacted headers; without a working redactor their names alone. */
  static List<Header> headers(StreamRecorders owner, List<Header> raw) {
    try {
      // The redactor gives Last-Event-ID the ssewatch.event-id treatment of event records' ids.
      return List.copyOf(owner.redactor().headers(raw));
    } catch (Throwable e) {
      owner.countError();
      // Without a working redactor no value can be trusted; the names alone are still useful.
      List<Header> out = new ArrayList<>(raw.size());
      for (Header h : raw) {
        if (h != null) {
          out.add(new Header(h.name(), Redactor.MARKER));
        }
      }
      return List.copyOf(out);
    }
  }

  /**
   * The parser's last event id as {@code redactor} records it. Hashing reads the parser's bytes
   * through {@code hasher} and dropping reads nothing: only the raw mode needs the id as a String.
   * A failure is thrown: the caller, which caches the answer, records no id then.
   */
  static String eventId(Redactor redactor, SseParser parser, SseParser.Utf8Reader<String> hasher) {
    Redactor.EventIdMode mode = redactor.eventIdMode();
    if (mode == Redactor.EventIdMode.HASH) {
      return parser.lastEventIdUtf8(hasher);
    }
    if (mode == Redactor.EventIdMode.DROP) {
      return null;
    }
    return redactor.eventId(parser.lastEventId());
  }
}
