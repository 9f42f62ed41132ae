package dev.ssewatch.proxy.frontend;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Takes the data out of a chunked response body read as raw bytes. An event stream is relayed this
 * way rather than through Netty's decoder, which makes one {@code HttpContent} per chunk, i.e. per
 * event, and keeps its parser state and buffers for as long as the stream stays open. Here one read
 * from the backend becomes one chunk to the client, whatever the backend's chunking, and the state
 * between reads is a few fields. Lenient where Netty's decoder is (bare LF line ends, anything up
 * to the LF after a chunk's data), strict about sizes.
 */
final class ChunkedBody {

  /** What a call to {@link #decode} reached. */
  enum Step {
    /** The body goes on in later reads. */
    MORE,
    /** The last chunk and the trailer section have been read. */
    END,
    /** Not chunked framing: the response cannot be relayed further. */
    MALFORMED
  }

  /** Longest chunk-size line (extensions included) and trailer section accepted. */
  static final int MAX_LINE = 8192;

  private static final int MAX_SIZE_DIGITS = 8;

  private static final byte SIZE = 0;
  private static final byte EXTENSION = 1;
  private static final byte DATA = 2;
  private static final byte DATA_END = 3;
  private static final byte TRAILER = 4;
  private static final byte DONE = 5;

  // An open stream keeps this object for its whole life (see "Memory per open stream" in
  // docs/architecture.md): the fields are as narrow as they can be, and the trailer section's
  // state, which only the end of a body needs, is an object of its own.

  private byte state = SIZE;

  private byte digits;

  /** Bytes of the current size line, data delimiter or trailer section so far. */
  private int lineLength;

  /** The size being read, then the data bytes left in the current chunk. */
  private long size;

  /** Made when a trailer field comes; trailers are rare. */
  private Trailers trailer;

  /** The trailer line being read and the fields so far. */
  private static final class Trailers {
    private byte[] line = new byte[64];
    private int lineFill;
    private HttpHeaders fields;
  }

  /**
   * Appends the data bytes of {@code in} to {@code out} and moves {@code in}'s reader index past
   * what was consumed: everything, unless the body ended within {@code in}.
   */
  Step decode(ByteBuf in, ByteBuf out) {
    int i = in.readerIndex();
    final int end = in.writerIndex();
    while (i < end && state != DONE) {
      switch (state) {
        case SIZE -> {
          byte b = in.getByte(i++);
          int d = hex(b);
          if (d >= 0) {
            if (++digits > MAX_SIZE_DIGITS) {
              return malformed(in, i);
            }
            size = size << 4 | d;
          } else if (b == '\n') {
            if (!endSizeLine()) {
              return malformed(in, i);
            }
          } else if (b == ';' || b == '\r' || b == ' ' || b == '\t') {
            state = EXTENSION;
          } else {
            return malformed(in, i);
          }
          if (++lineLength > MAX_LINE) {
            return malformed(in, i);
          }
        }
        case EXTENSION -> {
          if (in.getByte(i++) == '\n') {
            if (!endSizeLine()) {
              return malformed(in, i);
            }
          } else if (++lineLength > MAX_LINE) {
            return malformed(in, i);
          }
        }
        case DATA -> {
          int n = (int) Math.min(size, end - i);
          out.writeBytes(in, i, n);
          i += n;
          size -= n;
          if (size == 0) {
            state = DATA_END;
          }
        }
        case DATA_END -> {
          if (in.getByte(i++) == '\n') {
            state = SIZE;
            lineLength = 0;
          } else if (++lineLength > MAX_LINE) {
            return malformed(in, i);
          }
        }
        case TRAILER -> {
          byte b = in.getByte(i++);
          if (b != '\n') {
            if (++lineLength > MAX_LINE) {
              return malformed(in, i);
            }
            appendToLine(b);
          } else if (!endTrailerLine()) {
            return malformed(in, i);
          }
        }
        default -> throw new IllegalStateException("state " + state);
      }
    }
    in.readerIndex(i);
    return state == DONE ? Step.END : Step.MORE;
  }

  /** The trailer fields, or {@code null} when the backend sent none. */
  HttpHeaders trailers() {
    return trailer == null ? null : trailer.fields;
  }

  private boolean endSizeLine() {
    if (digits == 0) {
      return false;
    }
    lineLength = 0;
    digits = 0;
    state = size == 0 ? TRAILER : DATA;
    return true;
  }

  /** A line of the trailer section has ended; an empty one ends the body. */
  private boolean endTrailerLine() {
    Trailers t = trailer;
    int n = t == null ? 0 : t.lineFill;
    if (n > 0 && t.line[n - 1] == '\r') {
      n--;
    }
    if (n == 0) {
      state = DONE;
      if (t != null) {
        t.line = null;
      }
      return true;
    }
    t.lineFill = 0;
    String field = new String(t.line, 0, n, StandardCharsets.ISO_8859_1);
    int colon = field.indexOf(':');
    if (colon <= 0) {
      return false;
    }
    String name = field.substring(0, colon).trim();
    // The same fields Netty's decoder leaves out of trailers: they frame the message itself.
    if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)
        || HttpHeaderNames.TRANSFER_ENCODING.contentEqualsIgnoreCase(name)
        || HttpHeaderNames.TRAILER.contentEqualsIgnoreCase(name)) {
      return true;
    }
    if (t.fields == null) {
      t.fields = new DefaultHttpHeaders();
    }
    try {
      t.fields.add(name, field.substring(colon + 1).trim());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return true;
  }

  private void appendToLine(byte b) {
    Trailers t = trailer;
    if (t == null) {
      t = trailer = new Trailers();
    } else if (t.lineFill == t.line.length) {
      t.line = Arrays.copyOf(t.line, t.line.length * 2);
    }
    t.line[t.lineFill++] = b;
  }

  private Step malformed(ByteBuf in, int i) {
    in.readerIndex(i);
    return Step.MALFORMED;
  }

  private static int hex(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }
}
