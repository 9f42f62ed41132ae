package dev.ssewatch.demo.backend;

import java.time.Duration;

/** The backend's pacing: a stream of events is a loop that waits between writes. */
final class Pause {

  private Pause() {}

  /** Waits {@code d}; returns false when interrupted (the server is stopping). */
  static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
