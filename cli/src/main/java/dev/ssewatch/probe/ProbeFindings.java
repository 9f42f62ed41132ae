package dev.ssewatch.probe;

import dev.ssewatch.core.http.Headers;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.BurstDetector;
import dev.ssewatch.core.risk.FirstEventAtEndDetector;
import dev.ssewatch.core.risk.HeaderRiskDetector;
import dev.ssewatch.core.risk.IdleGapDetector;
import dev.ssewatch.core.risk.NoHeartbeatsDetector;
import dev.ssewatch.core.risk.RiskSettings;
import dev.ssewatch.core.risk.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns a probe's measurements into findings. The header, burst, idle, heartbeat and
 * buffered-to-the-end rules are core's detectors, so probe and recorder agree; the probe adds only
 * what a client sees before any stream exists: no connection, no response, a failing status, no
 * events.
 */
final class ProbeFindings {

  private ProbeFindings() {}

  static List<ProbeFinding> analyze(
      ProbeResult r, RiskSettings s, long nowEpochMillis, Duration probeDuration) {
    List<ProbeFinding> out = new ArrayList<>();
    if (r.status() < 0) {
      if (r.end() == ProbeResult.End.NO_HEADERS) {
        out.add(
            new ProbeFinding(
                "no_response",
                Severity.CRITICAL,
                "no response headers within " + ProbeReport.duration(probeDuration.toNanos()),
                "Send the response headers as soon as the stream opens, before the first event."));
      } else {
        out.add(
            new ProbeFinding(
                "connection_failed",
                Severity.CRITICAL,
                r.error() == null ? "no response" : r.error(),
                "Check the URL, and that the server is up and reachable from here."));
      }
      return out;
    }
    if (r.status() != 200) {
      boolean redirect = r.status() >= 300 && r.status() < 400;
      String location = Headers.first(r.responseHeaders(), "Location");
      out.add(
          new ProbeFinding(
              "status",
              redirect ? Severity.WARNING : Severity.CRITICAL,
              "HTTP "
                  + r.status()
                  + (redirect && location != null ? " to " + location : "")
                  + (redirect ? " (the probe does not follow redirects)" : ""),
              redirect
                  ? "Probe the final URL; every redirect costs clients a round trip on each"
                      + " reconnect."
                  : "EventSource fails the connection on any status but 200: fix the server or"
                      + " gateway error first."));
      if (r.status() >= 300) {
        return out;
      }
    }
    for (Alert a :
        HeaderRiskDetector.detect(
            r.status(), r.requestHeaders(), r.responseHeaders(), nowEpochMillis)) {
      out.add(ProbeFinding.of(a));
    }
    String contentType = Headers.first(r.responseHeaders(), "Content-Type");
    if (r.status() != 200 || !Headers.isEventStream(contentType)) {
      return sorted(out);
    }
    if (r.events() == 0) {
      out.add(
          new ProbeFinding(
              "no_events",
              Severity.WARNING,
              "no complete event in "
                  + ProbeReport.duration(r.durationNanos())
                  + " ("
                  + r.end().description()
                  + ", "
                  + r.bytes()
                  + " body bytes)",
              "Send an event (or at least a comment) soon after the stream opens; if the server"
                  + " does, something in between holds it back."));
    }
    addIfFired(out, BurstDetector.check(r.burstEvents(), r.burstSilenceNanos(), s));
    if (r.end() == ProbeResult.End.SERVER_CLOSED && r.events() > 0) {
      addIfFired(
          out,
          FirstEventAtEndDetector.check(
              r.events(), r.durationNanos(), r.firstEventToEndNanos(), s));
    }
    addIfFired(
        out,
        IdleGapDetector.check(
            r.longestSilenceNanos(), r.silenceOngoing(), IdleGapDetector.LEVEL_NONE, s));
    if (r.comments() >= 0) {
      addIfFired(
          out,
          NoHeartbeatsDetector.check(r.comments(), r.longestSilenceNanos(), r.durationNanos(), s));
    }
    return sorted(out);
  }

  private static void addIfFired(List<ProbeFinding> out, Alert a) {
    if (a != null) {
      out.add(ProbeFinding.of(a));
    }
  }

  private static List<ProbeFinding> sorted(List<ProbeFinding> findings) {
    return findings.stream()
        .sorted(Comparator.comparing(ProbeFinding::severity).reversed())
        .toList();
  }
}
