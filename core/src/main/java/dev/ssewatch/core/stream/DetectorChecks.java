package dev.ssewatch.core.stream;

import dev.ssewatch.core.genai.GenAiStream;
import dev.ssewatch.core.risk.Alert;
import dev.ssewatch.core.risk.BurstDetector;
import dev.ssewatch.core.risk.ContentFilterBlocksDetector;
import dev.ssewatch.core.risk.FirstEventAtEndDetector;
import dev.ssewatch.core.risk.GenAiEndDetector;
import dev.ssewatch.core.risk.IdleGapDetector;
import dev.ssewatch.core.risk.IdleKillDetector;
import dev.ssewatch.core.risk.NoHeartbeatsDetector;
import dev.ssewatch.core.risk.RiskSettings;
import dev.ssewatch.core.risk.WriteDelayDetector;
import dev.ssewatch.core.telemetry.CloseReason;
import dev.ssewatch.core.telemetry.GenAi;

/**
 * Where a recorder asks the detectors while its stream runs. Each check first tests the stream's
 * flags and the threshold it needs, so the usual answer (nothing to report) costs a few comparisons
 * and no allocation; a detector that fired sets its bit in the flags before its alert goes out, so
 * it fires at most once per stream (the idle detector once per level). Run under the recorder's
 * lock.
 */
final class DetectorChecks {

  /** The recorder as the checks see it: its flags and its way to raise an alert. */
  interface Checked {
    int flags();

    void setFlags(int flags);

    /** Records {@code alert}, raised at {@code nanoTime}. */
    void alert(Alert alert, long nanoTime);
  }

  private DetectorChecks() {}

  /** A silence on the wire: still going ({@code ongoing}) or just ended by new bytes. */
  static void idle(long gap, boolean ongoing, long t, RiskSettings risk, Checked s) {
    int flags = s.flags();
    int level = StreamFlags.idleLevel(flags);
    if (level == IdleGapDetector.LEVEL_CRITICAL || gap < risk.idleWarnNanos()) {
      return;
    }
    Alert a = IdleGapDetector.check(gap, ongoing, level, risk);
    if (a != null) {
      s.setFlags(StreamFlags.withIdleLevel(flags, IdleGapDetector.levelOf(a)));
      s.alert(a, t);
    }
  }

  /** The server's own silence on a stream that has sent no comment yet. */
  static void heartbeats(
      long comments, long silence, long age, long t, RiskSettings risk, Checked s) {
    int flags = s.flags();
    if ((flags & StreamFlags.NO_HEARTBEATS_FIRED) != 0
        || comments > 0
        || silence < risk.heartbeatExpectedWithinNanos()) {
      return;
    }
    Alert a = NoHeartbeatsDetector.check(comments, silence, age, risk);
    if (a != null) {
      s.setFlags(flags | StreamFlags.NO_HEARTBEATS_FIRED);
      s.alert(a, t);
    }
  }

  /** Bytes that waited {@code delay} for the wire, or are still waiting. */
  static void writeDelay(long delay, boolean stillWaiting, long t, RiskSettings risk, Checked s) {
    int flags = s.flags();
    if ((flags & StreamFlags.WRITE_DELAY_FIRED) != 0 || delay <= risk.writeDelayNanos()) {
      return;
    }
    Alert a = WriteDelayDetector.check(delay, stillWaiting, risk);
    if (a != null) {
      s.setFlags(flags | StreamFlags.WRITE_DELAY_FIRED);
      s.alert(a, t);
    }
  }

  /**
   * A chunk that carried {@code chunkEvents} events after {@code silence}.
   *
   * @param genAi the stream's recognised LLM call, or null
   */
  static void burst(
      int chunkEvents, long silence, GenAiStream genAi, long t, RiskSettings risk, Checked s) {
    int flags = s.flags();
    if (chunkEvents <= 0 || (flags & StreamFlags.BURST_FIRED) != 0) {
      return;
    }
    // Azure OpenAI's content filter releases output in blocks: on a stream that carries its
    // annotations that is the service, not a proxy, and is reported as such.
    Alert a =
        genAi != null && genAi.contentFilterAnnotated()
            ? ContentFilterBlocksDetector.check(chunkEvents, silence, risk)
            : BurstDetector.check(chunkEvents, silence, risk);
    if (a != null) {
      s.setFlags(flags | StreamFlags.BURST_FIRED);
      s.alert(a, t);
    }
  }

  /**
   * The end of an event stream: the silence that ended it, the first event that came only at the
   * end, and an intermediary's idle kill.
   *
   * @param sinceFirstEvent the first event to the end, or -1 when none came
   */
  static void atEnd(
      CloseReason reason,
      long finalGap,
      long events,
      long duration,
      long sinceFirstEvent,
      long t,
      RiskSettings risk,
      Checked s) {
    idle(finalGap, false, t, risk, s);
    Alert atEnd = FirstEventAtEndDetector.check(events, duration, sinceFirstEvent, risk);
    if (atEnd != null) {
      s.alert(atEnd, t);
    }
    Alert kill = IdleKillDetector.check(reason, finalGap, risk);
    if (kill != null) {
      s.alert(kill, t);
    }
  }

  /**
   * The end of a recognised LLM token stream or MCP call that answered with success: a call left
   * unanswered, a truncated answer, or usage missing from a complete one.
   *
   * @param g what was read of the call ({@code genAi}'s summary at the end)
   */
  static void genAiAtEnd(
      GenAiStream genAi,
      GenAi g,
      CloseReason reason,
      long finalGap,
      long t,
      RiskSettings risk,
      Checked s) {
    String why = (reason == null ? CloseReason.ERROR : reason).wireName();
    if (genAi.api().isMcp()) {
      if (!genAi.rpcAnswered()) {
        s.alert(
            GenAiEndDetector.mcpCancelled(
                g.mcpMethod(), g.mcpName(), why, g.mcpProgressNotifications(), finalGap, risk),
            t);
      }
    } else if (!genAi.completed()) {
      s.alert(GenAiEndDetector.truncated(g.api(), why, g.outputChunks(), finalGap, risk), t);
    } else if (!genAi.usageExact()) {
      s.alert(GenAiEndDetector.usageMissing(g.api()), t);
    }
  }
}
