package dev.ssewatch.benchmarks.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response as it arrives and counts its body's bytes and event ends ({@code
 * \n\n}), nothing else: no line splitting, no field parsing, no allocation after the headers. The
 * body is de-chunked on the way (the chunk framing's own line ends would otherwise join an event's
 * {@code \n} into a false {@code \n\n}), so the counts are those of the event stream the server
 * wrote. Every server of this harness ends its lines with {@code \n} alone.
 */
final class EventEndCounter {

  /** The response's status line and headers, read once per stream. */
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  private enum State {
    HEADERS,
    CHUNK_SIZE,
    CHUNK_EXTENSION,
    CHUNK_DATA,
    CHUNK_DATA_END,
    IDENTITY,
    DONE
  }

  private State state = State.HEADERS;
  private final byte[] header = new byte[MAX_HEADER_BYTES];
  private int headerLength;
  private long chunkLeft;
  private boolean lastWasNewline;
  private long events;
  private long bodyBytes;

  /** Event ends so far. */
  long events() {
    return events;
  }

  /** Bytes of the body so far, without the chunk framing. */
  long bodyBytes() {
    return bodyBytes;
  }

  /** Whether the response's body has ended (the last chunk was read). */
  boolean done() {
    return state == State.DONE;
  }

  /** Takes the next {@code len} bytes of the response. */
  void feed(byte[] b, int off, int len) throws IOException {
    int i = off;
    int end = off + len;
    while (i < end) {
      switch (state) {
        // Status line and headers: kept until their blank line, then checked once.
        case HEADERS -> i = header(b, i, end);
        // Hex digits of a chunk's size; a line end closes it, the size 0 ends the body.
        case CHUNK_SIZE -> {
          byte c = b[i++];
          int digit = Character.digit(c, 16);
          if (digit >= 0) {
            if (chunkLeft > (Integer.MAX_VALUE >> 4)) {
              throw new IOException("chunk size too large");
            }
            chunkLeft = chunkLeft * 16 + digit;
          } else if (c == ';' || c == ' ' || c == '\t') {
            state = State.CHUNK_EXTENSION;
          } else if (c == '\n') {
            state = chunkLeft == 0 ? State.DONE : State.CHUNK_DATA;
          } else if (c != '\r') {
            throw new IOException("bad chunk size byte " + (c & 0xff));
          }
        }
        // A chunk extension: ignored up to the line end.
        case CHUNK_EXTENSION -> {
          if (b[i++] == '\n') {
            state = chunkLeft == 0 ? State.DONE : State.CHUNK_DATA;
          }
        }
        // A chunk's data: as much of it as this read holds.
        case CHUNK_DATA -> {
          int n = (int) Math.min(chunkLeft, end - i);
          body(b, i, n);
          i += n;
          chunkLeft -= n;
          if (chunkLeft == 0) {
            state = State.CHUNK_DATA_END;
          }
        }
        // The line end after a chunk's data.
        case CHUNK_DATA_END -> {
          byte c = b[i++];
          if (c == '\n') {
            state = State.CHUNK_SIZE;
          } else if (c != '\r') {
            throw new IOException("chunk data not followed by a line end");
          }
        }
        // No chunking: everything up to the end of the connection is body.
        case IDENTITY -> {
          body(b, i, end - i);
          i = end;
        }
        // After the last chunk: trailers, ignored.
        case DONE -> i = end;
      }
    }
  }

  private int header(byte[] b, int from, int end) throws IOException {
    for (int i = from; i < end; i++) {
      if (headerLength == header.length) {
        throw new IOException("response headers longer than " + MAX_HEADER_BYTES + " bytes");
      }
      header[headerLength++] = b[i];
      if (headerLength >= 4
          && header[headerLength - 1] == '\n'
          && header[headerLength - 2] == '\r'
          && header[headerLength - 3] == '\n'
          && header[headerLength - 4] == '\r') {
        state = bodyState(new String(header, 0, headerLength, StandardCharsets.ISO_8859_1));
        return i + 1;
      }
    }
    return end;
  }

  private static State bodyState(String head) throws IOException {
    String status = head.substring(0, head.indexOf('\r'));
    if (!status.matches("HTTP/1\\.[01] 200( .*)?")) {
      throw new IOException("not an event stream: " + status);
    }
    for (String line : head.toLowerCase(Locale.ROOT).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0
          && line.substring(0, colon).strip().equals("transfer-encoding")
          && line.substring(colon + 1).contains("chunked")) {
        return State.CHUNK_SIZE;
      }
    }
    return State.IDENTITY;
  }

  /** Counts the body's bytes and its {@code \n\n}, carrying a trailing {@code \n} to the next. */
  private void body(byte[] b, int from, int n) {
    bodyBytes += n;
    boolean newline = lastWasNewline;
    long found = 0;
    for (int i = from, end = from + n; i < end; i++) {
      if (b[i] == '\n') {
        if (newline) {
          found++;
          newline = false;
        } else {
          newline = true;
        }
      } else {
        newline = false;
      }
    }
    events += found;
    lastWasNewline = newline;
  }
}
