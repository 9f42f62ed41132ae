package dev.ssewatch.probe;

import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.redact.Redactor;
import dev.ssewatch.core.risk.RiskSettings;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Connects to an SSE URL as a client, listens for a while, and reports what it saw. */
public final class Prober {

  private static final Duration MAX_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private Prober() {}

  /**
   * Probes once. Returns when the stream ends or the duration is over, whichever comes first.
   *
   * @throws IllegalArgumentException when a header cannot be sent (the HTTP client restricts some)
   */
  public static ProbeReport probe(ProbeOptions options) {
    RiskSettings settings =
        RiskSettings.defaults().withIdleBudget(options.idleBudget().toNanos(), "--idle-budget");
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ssewatch-probe");
              t.setDaemon(true);
              return t;
            });
    try {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              // EventSource follows redirects; the probe reports them instead, so that the
              // credentials given with -H never go to a host the user did not name.
              .followRedirects(HttpClient.Redirect.NEVER)
              .connectTimeout(min(options.duration(), MAX_CONNECT_TIMEOUT))
              .executor(executor)
              .build();
      List<Header> sent = requestHeaders(options.headers());
      HttpRequest.Builder request = HttpRequest.newBuilder(options.url()).GET();
      for (Header h : sent) {
        request.header(h.name(), h.value());
      }
      return run(client, request.build(), sent, options, settings);
    } finally {
      executor.shutdownNow();
    }
  }

  private static ProbeReport run(
      HttpClient client,
      HttpRequest request,
      List<Header> sent,
      ProbeOptions options,
      RiskSettings settings) {
    long start = System.nanoTime();
    ProbeRecorder recorder =
        new ProbeRecorder(start, settings.burstSilenceNanos(), settings.burstEvents());
    BodyTap tap = new BodyTap(recorder);
    CompletableFuture<HttpResponse<Void>> response =
        client.sendAsync(
            request,
            info -> {
              // Set-Cookie and the like never reach the report.
              List<Header> headers = Redactor.defaults().headers(headers(info.headers()));
              String encoding = Headers.first(headers, "Content-Encoding");
              boolean encoded = encoding != null && !encoding.strip().equalsIgnoreCase("identity");
              recorder.onHeaders(info.statusCode(), headers, encoded, System.nanoTime());
              return BodySubscribers.fromSubscriber(tap);
            });
    ProbeResult.End end;
    String error = null;
    try {
      response.get(options.duration().toNanos(), TimeUnit.NANOSECONDS);
      end = ProbeResult.End.SERVER_CLOSED;
    } catch (TimeoutException e) {
      end = recorder.hasHeaders() ? ProbeResult.End.DURATION_REACHED : ProbeResult.End.NO_HEADERS;
    } catch (ExecutionException e) {
      end = ProbeResult.End.FAILED;
      error = describe(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      end = ProbeResult.End.FAILED;
      error = "interrupted";
    }
    long now = System.nanoTime();
    recorder.onEnd(end == ProbeResult.End.SERVER_CLOSED, now);
    tap.cancel();
    response.cancel(true);
    Redactor redactor = Redactor.defaults();
    ProbeResult result =
        recorder.result(
            redactor.url(options.url().toString()), redactor.headers(sent), end, error, now);
    return new ProbeReport(
        result,
        ProbeFindings.analyze(result, settings, System.currentTimeMillis(), options.duration()),
        options);
  }

  /** The SSE request headers a browser's EventSource sends, then the user's (which win). */
  static List<Header> requestHeaders(List<Header> extra) {
    List<Header> out = new ArrayList<>();
    if (!Headers.contains(extra, "Accept")) {
      out.add(new Header("Accept", "text/event-stream"));
    }
    if (!Headers.contains(extra, "Cache-Control")) {
      out.add(new Header("Cache-Control", "no-cache"));
    }
    out.addAll(extra);
    return List.copyOf(out);
  }

  private static List<Header> headers(HttpHeaders headers) {
    List<Header> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : headers.map().entrySet()) {
      if (e.getKey().startsWith(":")) {
        continue;
      }
      for (String v : e.getValue()) {
        out.add(new Header(e.getKey(), v));
      }
    }
    return out;
  }

  private static String describe(Throwable t) {
    if (t instanceof HttpConnectTimeoutException) {
      return "connect timed out";
    }
    String m = t.getMessage();
    if (t instanceof IOException && (m == null || m.isBlank())) {
      return t.getClass().getSimpleName();
    }
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Feeds body chunks to the recorder as they arrive, one at a time. */
  private static final class BodyTap implements Flow.Subscriber<List<ByteBuffer>> {
    private final ProbeRecorder recorder;
    private final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    private volatile boolean cancelled;

    BodyTap(ProbeRecorder recorder) {
      this.recorder = recorder;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.set(s);
      if (cancelled) {
        s.cancel();
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      recorder.onChunk(item, System.nanoTime());
      Flow.Subscription s = subscription.get();
      if (s != null && !cancelled) {
        s.request(1);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      // The response future reports it.
    }

    @Override
    public void onComplete() {
      recorder.onEnd(true, System.nanoTime());
    }

    void cancel() {
      cancelled = true;
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
    }
  }
}
