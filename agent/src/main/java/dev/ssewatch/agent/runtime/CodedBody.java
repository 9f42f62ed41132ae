package dev.ssewatch.agent.runtime;

import dev.ssewatch.core.stream.StreamRecorder;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A response body sent in a content coding. Every coded byte counts as a byte on the wire; gzip and
 * deflate are also decoded, for the metadata parser only, through one {@link Inflater} and a fixed
 * output buffer of {@link #OUTPUT_BYTES} per stream (the inflater's own window is 32 KiB of native
 * memory), so that events are still counted. Other codings (br, zstd) and a body that fails to
 * decode are counted and timed only: their events are not seen. Nothing decoded is kept.
 */
final class CodedBody {

  /** Decoded bytes handed to the parser at a time. */
  static final int OUTPUT_BYTES = 1024;

  private static final int GZIP_FLAG_HCRC = 2;
  private static final int GZIP_FLAG_EXTRA = 4;
  private static final int GZIP_FLAG_NAME = 8;
  private static final int GZIP_FLAG_COMMENT = 16;

  // Where the decoder is in the body: a gzip header is skipped byte by byte before inflating.
  private static final int GZIP_HEADER = 0;
  private static final int DEFLATE_START = 1;
  private static final int INFLATING = 2;
  private static final int OPAQUE = 3;

  private final boolean gzip;
  private Inflater inflater;
  private byte[] out;
  private int phase;

  // The gzip header's parts, in order; the optional ones as its flags say.
  private static final int FIXED = 0;
  private static final int EXTRA_LENGTH = 1;
  private static final int EXTRA = 2;
  private static final int NAME = 3;
  private static final int COMMENT = 4;
  private static final int CRC = 5;

  private static final byte[] NO_INPUT = new byte[0];

  private int step;
  private int firstByte = -1;
  private int fixed;
  private int headerFlags;
  private int count;
  private int countBytes;

  private CodedBody(String coding) {
    String c = coding.trim().toLowerCase(Locale.ROOT);
    gzip = c.equals("gzip") || c.equals("x-gzip");
    phase = gzip ? GZIP_HEADER : c.equals("deflate") ? DEFLATE_START : OPAQUE;
  }

  /** For a body in {@code coding}; {@code null} when there is none ({@code identity} or absent). */
  static CodedBody of(String coding) {
    if (coding == null || coding.isBlank() || coding.trim().equalsIgnoreCase("identity")) {
      return null;
    }
    return new CodedBody(coding);
  }

  /**
   * For a body whose recorded {@code coding} may have been applied below the point where the agent
   * reads it (a servlet container compressing under the Servlet API) or above it (an application's
   * filter compressing into the container's stream), told apart by the body's first bytes ({@code
   * second} is -1 when unknown): {@code null} when they are the event stream itself. gzip is coded
   * when it starts with its magic byte {@code 0x1f}, a control character no event stream starts
   * with; deflate when it starts with a zlib header. A raw deflate body, br or zstd are left to the
   * parser as they are: their events are seen when the coding was applied below, not when above.
   */
  static CodedBody sniffed(String coding, int first, int second) {
    if (coding == null) {
      return null;
    }
    String c = coding.trim().toLowerCase(Locale.ROOT);
    boolean coded;
    if (c.equals("gzip") || c.equals("x-gzip")) {
      coded = first == 0x1f;
    } else if (c.equals("deflate")) {
      coded =
          (first & 0x0f) == 8
              && (first >> 4) <= 7
              && second >= 0
              && ((first << 8) | second) % 31 == 0;
    } else {
      coded = false;
    }
    return coded ? new CodedBody(coding) : null;
  }

  /** Whether events can be seen (a coding the agent decodes, decoding so far). */
  boolean decodes() {
    return phase != OPAQUE;
  }

  void onBytes(byte[] b, int off, int len, StreamRecorder recorder, long now) {
    int wire = len;
    while (len > 0 && (phase == GZIP_HEADER || phase == DEFLATE_START)) {
      int used = header(b[off] & 0xff, len > 1 ? b[off + 1] & 0xff : -1);
      off += used;
      len -= used;
    }
    if (phase == INFLATING && len > 0) {
      inflater.setInput(b, off, len);
      inflate(wire, recorder, now);
    } else {
      recorder.onCodedBytes(wire, null, 0, 0, now);
    }
  }

  void onBytes(ByteBuffer buf, StreamRecorder recorder, long now) {
    int wire = buf.remaining();
    ByteBuffer in = buf;
    if (phase == GZIP_HEADER || phase == DEFLATE_START) {
      in = buf.duplicate();
      while (in.hasRemaining() && (phase == GZIP_HEADER || phase == DEFLATE_START)) {
        int p = in.position();
        int used = header(in.get(p) & 0xff, in.remaining() > 1 ? in.get(p + 1) & 0xff : -1);
        in.position(p + used);
      }
    }
    if (phase == INFLATING && in.hasRemaining()) {
      inflater.setInput(in == buf ? buf.duplicate() : in);
      inflate(wire, recorder, now);
    } else {
      recorder.onCodedBytes(wire, null, 0, 0, now);
    }
  }

  /**
   * Consumes one byte before the compressed data ({@code next} is the one after it, -1 when
   * unknown): returns 1, or 0 when the byte is the compressed data's first.
   */
  private int header(int b, int next) {
    if (phase == DEFLATE_START) {
      if (firstByte < 0 && next < 0) {
        // Which "deflate" it is shows in the first two bytes: wait for the second.
        firstByte = b;
        return 1;
      }
      int first = firstByte < 0 ? b : firstByte;
      int second = firstByte < 0 ? next : b;
      // "deflate" is zlib-wrapped as RFC 9110 says, or raw as some servers send it.
      boolean zlib = (first & 0x0f) == 8 && ((first << 8) | second) % 31 == 0;
      inflater = new Inflater(!zlib);
      phase = INFLATING;
      if (firstByte >= 0) {
        // Into the inflater's state before the next input replaces this one (a zlib header byte
        // decodes to nothing).
        inflater.setInput(new byte[] {(byte) firstByte});
        firstByte = -1;
        try {
          inflater.inflate(output());
        } catch (DataFormatException e) {
          close();
          phase = OPAQUE;
        }
      }
      return 0;
    }
    switch (step) {
      case FIXED:
        if ((fixed == 0 && b != 0x1f) || (fixed == 1 && b != 0x8b) || (fixed == 2 && b != 8)) {
          phase = OPAQUE; // not gzip after all: counted only
          return 1;
        }
        if (fixed == 3) {
          headerFlags = b;
        }
        if (++fixed == 10) {
          advance();
        }
        return 1;
      case EXTRA_LENGTH:
        count |= b << (8 * countBytes);
        if (++countBytes == 2) {
          step = EXTRA;
          if (count == 0) {
            advance();
          }
        }
        return 1;
      case EXTRA:
        if (--count == 0) {
          advance();
        }
        return 1;
      case NAME:
      case COMMENT:
        if (b == 0) {
          advance();
        }
        return 1;
      default: // CRC
        if (++countBytes == 2) {
          advance();
        }
        return 1;
    }
  }

  /** The gzip header's next optional part after the current one, in RFC 1952's order. */
  private void advance() {
    if (step < EXTRA_LENGTH && (headerFlags & GZIP_FLAG_EXTRA) != 0) {
      step = EXTRA_LENGTH;
      count = 0;
      countBytes = 0;
    } else if (step < NAME && (headerFlags & GZIP_FLAG_NAME) != 0) {
      step = NAME;
    } else if (step < COMMENT && (headerFlags & GZIP_FLAG_COMMENT) != 0) {
      step = COMMENT;
    } else if (step < CRC && (headerFlags & GZIP_FLAG_HCRC) != 0) {
      step = CRC;
      countBytes = 0;
    } else {
      startInflating();
    }
  }

  private void startInflating() {
    inflater = new Inflater(true);
    phase = INFLATING;
  }

  private void inflate(int wire, StreamRecorder recorder, long now) {
    byte[] o = output();
    boolean first = true;
    try {
      int n;
      while ((n = inflater.inflate(o)) > 0) {
        recorder.onCodedBytes(first ? wire : 0, o, 0, n, now);
        first = false;
        if (inflater.finished()) {
          break;
        }
      }
      if (first) {
        recorder.onCodedBytes(wire, null, 0, 0, now);
      }
      if (inflater.finished()) {
        // The gzip trailer (and anything after) is not event data.
        close();
        phase = OPAQUE;
      }
    } catch (DataFormatException | RuntimeException e) {
      close();
      phase = OPAQUE;
      if (first) {
        recorder.onCodedBytes(wire, null, 0, 0, now);
      }
    } finally {
      if (inflater != null) {
        // Drops the reference to the caller's buffer, which its owner reuses.
        inflater.setInput(NO_INPUT);
      }
    }
  }

  private byte[] output() {
    byte[] o = out;
    if (o == null) {
      o = out = new byte[OUTPUT_BYTES];
    }
    return o;
  }

  /** Gives back the inflater's native memory. */
  void close() {
    Inflater i = inflater;
    inflater = null;
    out = null;
    if (i != null) {
      i.end();
    }
  }
}
