package dev.ssewatch.agent.bootstrap;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.util.Map;

/**
 * What the advice inlined into application classes talks to: the agent's state for one response
 * body (servlet) or one connection (Netty). Lives in the bootstrap class loader so that every
 * application class can link against it; the agent subclasses it in its own class loader.
 *
 * <p>Implementations never throw and never block. Writes to one servlet body come from one thread
 * at a time and Netty calls come from the channel's event loop, which is what makes the plain
 * {@code depth} counter safe.
 */
public abstract class BodyContext {

  private int depth;

  /**
   * Entering an instrumented write or flush; {@code false} when nested in another one of the same
   * body (a {@code write(int)} implemented with {@code write(byte[], int, int)}), so that bytes are
   * counted once.
   */
  public final boolean enter() {
    return depth++ == 0;
  }

  /**
   * Entering an instrumented flush: as {@link #enter()}, and the outermost one tells {@link
   * #onFlushBegin()} before any byte of it moves.
   */
  public final boolean enterFlush() {
    if (depth++ == 0) {
      onFlushBegin();
      return true;
    }
    return false;
  }

  /** Leaving an instrumented write; {@code thrown} is what it threw, or {@code null}. */
  public final void exitWrite(Throwable thrown) {
    if (--depth == 0) {
      if (thrown == null) {
        onWritten();
      } else {
        onFailure(thrown);
      }
    }
  }

  /** Leaving an instrumented flush. */
  public final void exitFlush(Throwable thrown) {
    if (--depth == 0) {
      if (thrown == null) {
        onFlush();
      } else {
        onFailure(thrown);
      }
    }
  }

  /** Leaving an instrumented close. */
  public final void exitClose(Throwable thrown) {
    if (--depth == 0) {
      if (thrown == null) {
        onClose();
      } else {
        onFailure(thrown);
      }
    }
  }

  public void onBytes(byte[] b, int off, int len) {}

  public void onByte(int b) {}

  public void onBytes(ByteBuffer buf) {}

  /**
   * Netty: a body buffer that has no backing array and is not one NIO buffer ({@code ByteBuf} of
   * several parts, or one that keeps no NIO buffer of its own), handed over as it is; its indices
   * and contents are left alone.
   */
  public void onBuffer(Object buf) {}

  public void onChars(char[] c, int off, int len) {}

  public void onChars(String s, int off, int len) {}

  public void onChar(int c) {}

  /** The characters between {@code buf}'s position and limit; its position is left alone. */
  public void onChars(CharBuffer buf) {}

  /**
   * Servlet: {@code len} bytes of the body left the container's own compressor, below the servlet
   * layer, on their way to the socket (see {@code ServletStream.attachCompressorOutput}).
   */
  public void onCompressedBytes(int len) {}

  /** An instrumented write returned normally (the container may have committed inside it). */
  public void onWritten() {}

  /**
   * Servlet: the container finished the response after the application was done with it (it wrote
   * what was left in its buffer, committing first if nothing had); {@code failure} is what that
   * failed with, or {@code null}.
   */
  public void onContainerFinished(Throwable failure) {}

  /**
   * Servlet: the container is done with the exchange, whichever way it ended: its response written
   * to the end, or aborted with {@code failure} (the client gone, a timeout, a body shorter than
   * its {@code Content-Length}). Nothing of this response reaches the connection after this.
   */
  public void onContainerCompleted(Throwable failure) {}

  /** Servlet: the application set {@code listener} as the body's {@code WriteListener}. */
  public void onWriteListener(Object listener) {}

  /**
   * Servlet: the container reported an error to the exchange's {@code WriteListener} or {@code
   * AsyncListener}: asynchronous output's way of saying the client went away.
   */
  public void onAsyncError(Throwable error) {}

  /**
   * A flush began: what was written so far is on its way to the socket, and its end ({@link
   * #onFlush()}, {@link #onFailure}, or {@link #onWritten()} for a non-blocking flush that left
   * bytes for later) says how that went.
   */
  public void onFlushBegin() {}

  /** The body was flushed toward the socket. */
  public void onFlush() {}

  /** A write or flush failed: with an {@code IOException}, the client went away. */
  public void onFailure(Throwable thrown) {}

  /** The body (servlet) or the connection (Netty) was closed. */
  public void onClose() {}

  /** {@code PrintWriter.checkError()} reported a failed write: the client went away. */
  public void onWriterError() {}

  /** Netty: the response line and headers are being written. */
  public void onHttpResponse(
      int status,
      Iterable<? extends Map.Entry<String, String>> headers,
      String contentType,
      String contentEncoding) {}

  /**
   * Netty: the response line and headers are being written, handed over as the {@code HttpResponse}
   * they are, to be read into {@link #onHttpResponse}.
   */
  public void onResponse(Object response) {}

  /** Netty: whether body bytes of the current response are wanted. */
  public boolean wantsBytes() {
    return false;
  }

  /** Netty: the last content of the current response is being written. */
  public void onLastContent() {}

  /**
   * Netty: the server closes the open connection through its pipeline ({@code Channel.close()},
   * {@code ChannelHandlerContext.close()}), as opposed to the transport closing it on the peer's
   * end of stream or reset.
   */
  public void onServerClose() {}

  /**
   * Netty: an idle-state timer of the connection ({@code IdleStateHandler}, {@code
   * ReadTimeoutHandler}) starts ({@code true}) or stops ({@code false}) running; a server close
   * meanwhile is the server's idle timeout.
   */
  public void onIdleTimer(boolean running) {}
}
