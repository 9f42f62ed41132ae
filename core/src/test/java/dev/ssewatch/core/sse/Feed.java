package dev.ssewatch.core.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Runs inputs through both parser modes in chosen chunkings and records what they report. */
final class Feed {

  private Feed() {}

  /** What metadata mode reports for one event; capturing mode's events project onto it. */
  record Meta(String type, String lastEventId, long dataBytes, int dataLines) {
    static Meta of(SseEvent e) {
      return new Meta(e.type(), e.lastEventId(), e.dataBytes(), e.dataLines());
    }
  }

  /** Everything observable after a run, before {@code end()} except for the events. */
  record Run<E>(List<E> events, List<Long> comments, String lastEventId, long retryMillis) {}

  /**
   * Bytes of {@code s} as UTF-8, except that U+F700..U+F7FF stand for the raw bytes 00..FF, so that
   * tables can spell invalid UTF-8.
   */
  static byte[] bytes(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.codePoints()
        .forEach(
            cp -> {
              if (cp >= 0xF700 && cp <= 0xF7FF) {
                out.write(cp - 0xF700);
              } else {
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
              }
            });
    return out.toByteArray();
  }

  /** Raw byte {@code b} in a {@link #bytes} string. */
  static String raw(int b) {
    return String.valueOf((char) (0xF700 + b));
  }

  /**
   * Chunkings of {@code n} bytes as cut positions: whole, split at every position, one byte at a
   * time, and a few random multi-splits.
   */
  static List<int[]> chunkings(int n, long seed) {
    List<int[]> all = new ArrayList<>();
    all.add(new int[0]);
    for (int k = 0; k <= n; k++) {
      all.add(new int[] {k});
    }
    int[] each = new int[n];
    for (int k = 0; k < n; k++) {
      each[k] = k;
    }
    all.add(each);
    Random random = new Random(seed);
    for (int r = 0; r < 8 && n > 1; r++) {
      all.add(random.ints(1 + random.nextInt(Math.min(n, 6)), 0, n + 1).sorted().toArray());
    }
    return all;
  }

  static Run<SseEvent> capturing(byte[] in, int[] cuts, int maxDataBytes, String initialId) {
    List<SseEvent> events = new ArrayList<>();
    List<Long> comments = new ArrayList<>();
    SseParser p = SseParser.capturing(capturing(events, comments), maxDataBytes, initialId);
    feed(p, in, cuts);
    Run<SseEvent> run = new Run<>(events, comments, p.lastEventId(), p.retryMillis());
    p.end();
    return run;
  }

  static Run<Meta> metadata(byte[] in, int[] cuts, String initialId) {
    List<Meta> events = new ArrayList<>();
    List<Long> comments = new ArrayList<>();
    SseParser p = SseParser.metadataOnly(collecting(events, comments), initialId);
    feed(p, in, cuts);
    Run<Meta> run = new Run<>(events, comments, p.lastEventId(), p.retryMillis());
    p.end();
    return run;
  }

  /** A listener that adds each event and each comment's length to the lists. */
  static SseParser.Listener capturing(List<SseEvent> events, List<Long> comments) {
    return new SseParser.Listener() {
      @Override
      public void onEvent(SseEvent event) {
        events.add(event);
      }

      @Override
      public void onComment(long length) {
        comments.add(length);
      }
    };
  }

  /** A metadata listener that adds each event and each comment's length to the lists. */
  static SseParser.MetadataListener collecting(List<Meta> events, List<Long> comments) {
    return new SseParser.MetadataListener() {
      @Override
      public void onEvent(String type, String lastEventId, long dataBytes, int dataLines) {
        events.add(new Meta(type, lastEventId, dataBytes, dataLines));
      }

      @Override
      public void onComment(long length) {
        comments.add(length);
      }
    };
  }

  /**
   * As {@link #metadata}, but wherever a cut finds the parser suspendable, it is suspended and a
   * resumed parser takes the rest, as a recorder does with a stream that went quiet.
   */
  static Run<Meta> metadataSuspending(byte[] in, int[] cuts, String initialId) {
    List<Meta> events = new ArrayList<>();
    List<Long> comments = new ArrayList<>();
    SseParser.MetadataListener listener = collecting(events, comments);
    SseParser p = SseParser.metadataOnly(listener, initialId);
    int from = 0;
    for (int cut : cuts) {
      p.feed(in, from, cut - from);
      from = cut;
      SseParser.Suspended s = p.suspend();
      if (s != null) {
        p = SseParser.resume(listener, s);
      }
    }
    p.feed(in, from, in.length - from);
    Run<Meta> run = new Run<>(events, comments, p.lastEventId(), p.retryMillis());
    p.end();
    return run;
  }

  static void feed(SseParser p, byte[] in, int[] cuts) {
    int from = 0;
    for (int cut : cuts) {
      p.feed(in, from, cut - from);
      from = cut;
    }
    p.feed(in, from, in.length - from);
  }

  static Run<Meta> project(Run<SseEvent> run) {
    return new Run<>(
        run.events().stream().map(Meta::of).toList(),
        run.comments(),
        run.lastEventId(),
        run.retryMillis());
  }
}
