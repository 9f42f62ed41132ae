package dev.ssewatch.agent.installer;

import dev.ssewatch.core.config.Settings;
import java.lang.instrument.Instrumentation;

/**
 * What premain (or a late attach) does in the agent's class loader: reads the settings, then
 * installs ({@link AgentInstaller}: the transformer on the calling thread, the recording after
 * premain returns). Kept apart from {@link AgentInstaller} so that a disabled agent loads nothing
 * more.
 */
public final class AgentStartup {

  /**
   * Removed: it chose between installing in premain and on a background thread, which could miss
   * the write advice of a class defined before its transformer was published. The agent always
   * installs in premain now.
   */
  static final String REMOVED_STARTUP = "ssewatch.agent.startup";

  private AgentStartup() {}

  public static void start(String args, Instrumentation inst, boolean attached, long startNanos) {
    Settings settings = Settings.load();
    String removed = removedKeyNotice(settings);
    if (removed != null) {
      AgentLog.info(removed);
    }
    if (!settings.bool(AgentInstaller.ENABLED, true)) {
      AgentLog.info("agent disabled by " + AgentInstaller.ENABLED + "=false; nothing instrumented");
      return;
    }
    AgentInstaller.install(settings, inst, startNanos, attached);
  }

  /**
   * The line to log when the removed startup key is still set (so that whoever set it learns it no
   * longer does anything), or {@code null}.
   */
  static String removedKeyNotice(Settings settings) {
    String value = settings.get(REMOVED_STARTUP);
    if (value == null) {
      return null;
    }
    return REMOVED_STARTUP
        + "="
        + value.trim()
        + " is no longer used and is ignored: the agent always installs in premain";
  }
}
