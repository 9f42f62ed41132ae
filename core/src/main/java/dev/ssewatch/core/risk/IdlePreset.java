package dev.ssewatch.core.risk;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Idle timeouts of common intermediaries, selectable with {@code ssewatch.idle.preset}. A stream
 * silent for longer than its intermediary's idle timeout is closed without notice.
 */
public enum IdlePreset {
  /** Azure Load Balancer (in front of API Management, App Service…): 4 minutes by default. */
  AZURE_LB("azure-lb", Duration.ofSeconds(240)),
  /** nginx's default {@code proxy_read_timeout}. */
  NGINX("nginx", Duration.ofSeconds(60)),
  /** AWS Application Load Balancer's default connection idle timeout. */
  AWS_ALB("aws-alb", Duration.ofSeconds(60)),
  /** Cloudflare's proxy read timeout on most plans. */
  CLOUDFLARE("cloudflare", Duration.ofSeconds(100));

  private final String configName;
  private final Duration budget;

  IdlePreset(String configName, Duration budget) {
    this.configName = configName;
    this.budget = budget;
  }

  /** The value of {@code ssewatch.idle.preset} that selects this preset. */
  public String configName() {
    return configName;
  }

  public Duration budget() {
    return budget;
  }

  /** The preset named {@code name} (case-insensitive), or {@code null}. */
  public static IdlePreset byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (IdlePreset p : values()) {
      if (p.configName.equals(n)) {
        return p;
      }
    }
    return null;
  }

  /** Every preset's config name, in declaration order. */
  public static List<String> names() {
    List<String> out = new ArrayList<>();
    for (IdlePreset p : values()) {
      out.add(p.configName);
    }
    return List.copyOf(out);
  }
}
