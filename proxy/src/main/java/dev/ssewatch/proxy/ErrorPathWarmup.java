package dev.ssewatch.proxy;

import java.io.IOException;
import java.time.ZoneId;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Loads, at start, what logging a warning with an exception needs: the formatter's classes and the
 * time-zone rules (a file, {@code tzdb.dat}, read on first use). Out of file descriptors, the first
 * warning would otherwise fail to open that file, and the resulting error, thrown on an event loop,
 * ends it.
 */
final class ErrorPathWarmup {

  private static volatile boolean done;

  private ErrorPathWarmup() {}

  static void run() {
    if (done) {
      return;
    }
    try {
      ZoneId.systemDefault().getRules();
      LogRecord r = new LogRecord(Level.WARNING, "warm-up {0}");
      r.setParameters(new Object[] {"warm-up"});
      r.setThrown(new IOException("warm-up"));
      r.setLoggerName(ErrorPathWarmup.class.getName());
      new SimpleFormatter().format(r);
      done = true;
    } catch (RuntimeException e) {
      // A logging set-up without these classes does not need them either.
    }
  }
}
