package dev.ssewatch.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything this JVM prints or logs while open: {@code System.out}, {@code System.err} (still
 * passed through) and every JUL record (where {@code System.Logger} goes by default), with
 * ssewatch's own loggers opened up to {@code FINEST} so debug logging is searched too.
 */
final class OutputCapture implements AutoCloseable {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = System.out;
  private final PrintStream err = System.err;
  private final Logger root = Logger.getLogger("");
  private final Logger ours = Logger.getLogger("dev.ssewatch");
  private final Level oursLevel = ours.getLevel();
  private final StringBuffer logged = new StringBuffer();
  private final Handler handler =
      new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord r) {
          logged.append(format.format(r)).append('\n');
          if (r.getParameters() != null) {
            for (Object p : r.getParameters()) {
              logged.append(p).append('\n');
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  OutputCapture() {
    System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    ours.setLevel(Level.FINEST);
  }

  private OutputStream tee(PrintStream original) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        synchronized (bytes) {
          bytes.write(b);
        }
        original.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        synchronized (bytes) {
          bytes.write(b, off, len);
        }
        original.write(b, off, len);
      }
    };
  }

  /** What was printed and logged so far. */
  String text() {
    synchronized (bytes) {
      return bytes.toString(StandardCharsets.UTF_8) + "\n" + logged;
    }
  }

  @Override
  public void close() {
    System.setOut(out);
    System.setErr(err);
    root.removeHandler(handler);
    ours.setLevel(oursLevel);
  }
}
