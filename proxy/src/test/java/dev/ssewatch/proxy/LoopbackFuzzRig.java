package dev.ssewatch.proxy;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.proxy.sse.StreamTap;
import dev.ssewatch.proxy.sse.StreamTaps;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A proxy on loopback in front of a {@link RawRecordingBackend}, for fuzz tests that send it raw
 * bytes over a real socket. It watches for what must never happen whatever the input: a buffer leak
 * (Netty's detector, at the paranoid level the build sets, reports to a listener here), an
 * exception escaping a handler (the proxy logs those, and Netty warns of them, through JUL here),
 * and an exchange left open.
 */
final class LoopbackFuzzRig implements AutoCloseable {

  static {
    // Netty's own warnings (an exception reaching the pipeline's tail, a task failing on an event
    // loop, a leak) go to JUL where they are captured, rather than to the build's SLF4J no-op.
    InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
  }

  /**
   * Jazzer's server-side request forgery detector takes every connection the rig makes (client to
   * proxy, proxy to backend, all on loopback) for a finding, and its allow-list can only be set
   * once its hooks are in, i.e. after the first connection. Forwarding to a configured backend is
   * what a proxy is for, so these tests run without that detector: to be called before fuzzing
   * starts.
   */
  private static void withoutRequestForgeryDetector() {
    System.setProperty(
        "jazzer.disabled_hooks",
        "com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery");
  }

  /** The quiet spell after which an exchange is taken as settled: nothing more is coming. */
  private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(30);

  /** How long a settled exchange whose response can only end by a close may take to close. */
  private static final long CLOSE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);

  /** Leak checks force a GC: after every input when replaying the corpus, else every so often. */
  private static final int LEAK_CHECK_EVERY = System.getenv("JAZZER_FUZZ") == null ? 1 : 64;

  /** One exchange the proxy began, as its tap saw it. */
  static final class Begun {
    final String method;
    final String url;
    volatile int status = -1;
    volatile boolean ended;

    Begun(String method, String url) {
      this.method = method;
      this.url = url;
    }
  }

  /** What one input produced. */
  record Outcome(
      byte[] clientReceived,
      boolean clientSawClose,
      List<RawRecordingBackend.Conn> backendConns,
      List<Begun> begun) {}

  final RawRecordingBackend backend;
  final ProxyServer proxy;
  private final List<Begun> begun = new ArrayList<>();
  private final AtomicLong activity = new AtomicLong();
  private final List<String> problems = new ArrayList<>();
  private final Handler logCapture;
  private final AtomicInteger inputs = new AtomicInteger();

  LoopbackFuzzRig() throws IOException {
    backend = new RawRecordingBackend();
    StreamTaps taps =
        (method, url, route, headers, start) -> {
          Begun b = new Begun(method, url);
          synchronized (begun) {
            begun.add(b);
          }
          activity.incrementAndGet();
          return new Tap(b);
        };
    proxy =
        ProxyFixture.start(
            backend.uri(), taps, o -> o.withResponseHeadersTimeout(Duration.ofSeconds(2)), c -> c);
    logCapture = captureLogs();
    watchLeaks();
  }

  /**
   * One rig for the fuzz tests of a class, as a static {@code @RegisterExtension} field. The
   * request forgery detector goes when the class is initialised, before fuzzing starts; the rig
   * starts before the class's first input, not then, since its log capture would take the warnings
   * of whatever other tests run in between for its own.
   */
  static final class PerClass implements BeforeAllCallback, AfterAllCallback {

    private LoopbackFuzzRig rig;

    PerClass() {
      withoutRequestForgeryDetector();
    }

    LoopbackFuzzRig rig() {
      return rig;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
      rig = new LoopbackFuzzRig();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
      if (rig != null) {
        rig.close();
      }
    }
  }

  /** Sends {@code input} on a new client connection and waits until the exchange settles. */
  Outcome exchange(byte[] input) throws IOException {
    return exchange(input, false, received -> false);
  }

  /**
   * As {@link #exchange(byte[])}. With {@code inputComplete}, nothing the proxy waits for is the
   * client's, so an open exchange is waited for (up to a ceiling) however long it is quiet; and
   * while {@code awaitingClose} says the bytes received so far can only be ended by a close, an
   * exchange that has settled is given time to see that close.
   */
  Outcome exchange(
      byte[] input, boolean inputComplete, java.util.function.Predicate<byte[]> awaitingClose)
      throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    boolean sawClose = false;
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
      s.setSoTimeout(10);
      try {
        s.getOutputStream().write(input);
        s.getOutputStream().flush();
      } catch (IOException refusedEarly) {
        // The proxy may answer and close before the whole input is written.
      }
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      long start = System.nanoTime();
      long lastActivity = activity.get();
      long quietSince = System.nanoTime();
      while (System.nanoTime() - start < MAX_WAIT_NANOS) {
        try {
          int n = in.read(buf);
          if (n < 0) {
            sawClose = true;
            break;
          }
          received.write(buf, 0, n);
          quietSince = System.nanoTime();
        } catch (SocketTimeoutException quiet) {
          long a = activity.get() + backendBytes();
          if (a != lastActivity) {
            lastActivity = a;
            quietSince = System.nanoTime();
          } else if (System.nanoTime() - quietSince > QUIET_NANOS
              && allEnded()
              && (!inputComplete || anyBegun())) {
            if (!awaitingClose.test(received.toByteArray())
                || System.nanoTime() - quietSince > CLOSE_GRACE_NANOS) {
              break;
            }
          } else if (!inputComplete
              && !allEnded()
              && System.nanoTime() - quietSince > 4 * QUIET_NANOS) {
            // Something is waiting for more input (a head or body cut short): it won't come.
            break;
          }
        } catch (IOException reset) {
          sawClose = true;
          break;
        }
      }
    }
    // The client is gone: the proxy must close its backend connections and end every exchange.
    long deadline = System.nanoTime() + MAX_WAIT_NANOS;
    while ((!backend.allClosed() || !allEnded()) && System.nanoTime() < deadline) {
      sleepQuietly(2);
    }
    List<Begun> mine;
    synchronized (begun) {
      mine = new ArrayList<>(begun);
      begun.clear();
    }
    List<RawRecordingBackend.Conn> conns = backend.drain();
    for (RawRecordingBackend.Conn c : conns) {
      if (!c.closed) {
        problem("a backend connection was left open after its client closed");
      }
    }
    for (Begun b : mine) {
      if (!b.ended) {
        problem("an exchange (" + b.method + ") never ended after its client closed");
      }
    }
    if (inputs.incrementAndGet() % LEAK_CHECK_EVERY == 0) {
      checkLeaks();
    }
    return new Outcome(received.toByteArray(), sawClose, conns, mine);
  }

  /** Problems seen since the last call (leaks, escaped exceptions, exchanges left open). */
  List<String> takeProblems() {
    synchronized (problems) {
      List<String> out = new ArrayList<>(problems);
      problems.clear();
      return out;
    }
  }

  private long backendBytes() {
    return backend.receivedBytes();
  }

  private boolean anyBegun() {
    synchronized (begun) {
      return !begun.isEmpty();
    }
  }

  private boolean allEnded() {
    synchronized (begun) {
      return begun.stream().allMatch(b -> b.ended);
    }
  }

  private void problem(String p) {
    synchronized (problems) {
      problems.add(p);
    }
  }

  /** Collects what the proxy and Netty log about unexpected exceptions and leaks. */
  private Handler captureLogs() {
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            String msg = r.getMessage() == null ? "" : r.getMessage();
            String from = r.getLoggerName() == null ? "" : r.getLoggerName();
            boolean escaped =
                msg.startsWith("client connection failed")
                    || msg.startsWith("backend connection failed");
            boolean nettyWarning = from.startsWith("io.netty") && r.getLevel().intValue() >= 900;
            if (escaped || nettyWarning || (r.getLevel().intValue() >= 1000)) {
              Object[] params = r.getParameters();
              problem(
                  from
                      + ": "
                      + msg
                      + (params == null ? "" : " " + java.util.Arrays.toString(params))
                      + (r.getThrown() == null ? "" : " " + r.getThrown()));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    h.setLevel(Level.ALL);
    for (String name : new String[] {"dev.ssewatch.proxy", "io.netty"}) {
      Logger l = Logger.getLogger(name);
      l.setLevel(Level.FINE);
      l.addHandler(h);
    }
    return h;
  }

  private void watchLeaks() {
    try {
      Class<?> abb = Class.forName("io.netty.buffer.AbstractByteBuf");
      Field f = abb.getDeclaredField("leakDetector");
      f.setAccessible(true);
      ResourceLeakDetector<?> detector = (ResourceLeakDetector<?>) f.get(null);
      detector.setLeakListener((type, records) -> problem("LEAK of a " + type + ": " + records));
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("cannot watch Netty's buffer leak detector", e);
    }
  }

  /** Collects garbage, then allocates: the detector reports leaked buffers on allocation. */
  static void checkLeaks() {
    System.gc();
    sleepQuietly(5);
    for (int k = 0; k < 4; k++) {
      ByteBuf b = Unpooled.directBuffer(16);
      b.release();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws IOException {
    for (String name : new String[] {"dev.ssewatch.proxy", "io.netty"}) {
      Logger.getLogger(name).removeHandler(logCapture);
    }
    ProxyFixture.stop(proxy, null);
    backend.close();
  }

  private final class Tap implements StreamTap {
    private final Begun b;

    Tap(Begun b) {
      this.b = b;
    }

    @Override
    public void onResponseHeaders(int status, List<Header> headers, long nanoTime) {
      b.status = status;
      activity.incrementAndGet();
    }

    @Override
    public void onBytes(ByteBuf bytes, long nanoTime) {
      activity.incrementAndGet();
    }

    @Override
    public void onWireWrite(long nanoTime) {}

    @Override
    public void onHeartbeat(long nanoTime) {}

    @Override
    public boolean atEventBoundary() {
      return true;
    }

    @Override
    public void onEnd(CloseReason reason, long nanoTime) {
      if (b.ended) {
        problem("an exchange ended twice");
      }
      b.ended = true;
      activity.incrementAndGet();
    }
  }
}
