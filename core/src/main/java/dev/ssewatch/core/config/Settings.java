package dev.ssewatch.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Raw {@code ssewatch.*} configuration, looked up in this order: explicit overrides (command-line
 * flags), system properties, environment variables ({@code SSEWATCH_IDLE_BUDGET} for {@code
 * ssewatch.idle.budget}: upper-cased, dots and dashes to underscores), then the optional properties
 * file named by {@code ssewatch.config.file}. Typed getters fail with a {@link SettingsException}
 * naming the key.
 *
 * <p>Every key, with its default, is documented in docs/configuration.md.
 */
public final class Settings {

  /** The key naming an optional properties file with further settings. */
  public static final String CONFIG_FILE = "ssewatch.config.file";

  private final Map<String, String> overrides;
  private final Map<String, String> systemProperties;
  private final Map<String, String> environment;
  private final Map<String, String> file;

  private Settings(
      Map<String, String> overrides,
      Map<String, String> systemProperties,
      Map<String, String> environment,
      Map<String, String> file) {
    this.overrides = overrides;
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.file = file;
  }

  /** This JVM's system properties and environment, plus the config file if one is named. */
  public static Settings load() {
    Map<String, String> props = new HashMap<>();
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("ssewatch.")) {
        props.put(name, System.getProperty(name));
      }
    }
    return load(props, System.getenv());
  }

  /** Settings from the given system properties and environment, plus the config file they name. */
  public static Settings load(Map<String, String> systemProperties, Map<String, String> env) {
    Settings base = new Settings(Map.of(), Map.copyOf(systemProperties), Map.copyOf(env), Map.of());
    String path = base.get(CONFIG_FILE);
    if (path == null || path.isBlank()) {
      return base;
    }
    return new Settings(Map.of(), base.systemProperties, base.environment, readFile(path));
  }

  /** Settings holding exactly {@code values}: for tests and embedding. */
  public static Settings of(Map<String, String> values) {
    return new Settings(Map.copyOf(values), Map.of(), Map.of(), Map.of());
  }

  /** A copy where {@code key} is {@code value} whatever the other sources say. */
  public Settings with(String key, String value) {
    Map<String, String> o = new HashMap<>(overrides);
    o.put(key, value);
    return new Settings(Collections.unmodifiableMap(o), systemProperties, environment, file);
  }

  /** The raw value, or {@code null} when no source sets it. */
  public String get(String key) {
    String v = overrides.get(key);
    if (v == null) {
      v = systemProperties.get(key);
    }
    if (v == null) {
      v = environment.get(envName(key));
    }
    if (v == null) {
      v = file.get(key);
    }
    return v;
  }

  /** The raw value, or {@code defaultValue} when unset or blank. */
  public String get(String key, String defaultValue) {
    String v = get(key);
    return v == null || v.isBlank() ? defaultValue : v.trim();
  }

  /** A duration such as {@code 250ms}, {@code 15s} or {@code 4m}. */
  public Duration duration(String key, Duration defaultValue) {
    String v = get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new SettingsException(key, e.getMessage());
    }
  }

  /** An integer within {@code [min, max]}. */
  public int intValue(String key, int defaultValue, int min, int max) {
    long v = longValue(key, defaultValue, min, max);
    return (int) v;
  }

  /** A long within {@code [min, max]}. */
  public long longValue(String key, long defaultValue, long min, long max) {
    String v = get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    long parsed;
    try {
      parsed = Long.parseLong(v.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new SettingsException(key, "expected a whole number, got '" + v + "'");
    }
    if (parsed < min || parsed > max) {
      throw new SettingsException(
          key, "expected a number from " + min + " to " + max + ", got " + parsed);
    }
    return parsed;
  }

  /** A fraction such as {@code 0.5} within {@code [min, max]}. */
  public double doubleValue(String key, double defaultValue, double min, double max) {
    String v = get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new SettingsException(key, "expected a number, got '" + v + "'");
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new SettingsException(
          key, "expected a number from " + min + " to " + max + ", got " + v.trim());
    }
    return parsed;
  }

  /** {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}). */
  public boolean bool(String key, boolean defaultValue) {
    String v = get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
      case "1":
        return true;
      case "false":
      case "no":
      case "off":
      case "0":
        return false;
      default:
        throw new SettingsException(key, "expected true or false, got '" + v + "'");
    }
  }

  /**
   * A comma-separated list, trimmed, empty entries dropped. Unlike the other getters, a blank value
   * is not "unset": it is the empty list, so that {@code SSEWATCH_EXPORTERS=} can say "export
   * nothing" where unset means the default list.
   */
  public List<String> list(String key, List<String> defaultValue) {
    String v = get(key);
    if (v == null) {
      return defaultValue;
    }
    List<String> out = new ArrayList<>();
    for (String part : v.split(",")) {
      String t = part.trim();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  /** One of {@code allowed} (case-insensitive), returned lower-cased. */
  public String choice(String key, String defaultValue, List<String> allowed) {
    String v = get(key, defaultValue).toLowerCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw new SettingsException(key, "expected one of " + allowed + ", got '" + v + "'");
    }
    return v;
  }

  /** {@code ssewatch.idle.budget} → {@code SSEWATCH_IDLE_BUDGET}. */
  public static String envName(String key) {
    StringBuilder b = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      b.append(c == '.' || c == '-' ? '_' : Character.toUpperCase(c));
    }
    return b.toString();
  }

  private static Map<String, String> readFile(String path) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(path), StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | RuntimeException e) {
      throw new SettingsException(CONFIG_FILE, "cannot read '" + path + "': " + e.getMessage());
    }
    Map<String, String> m = new HashMap<>();
    for (String name : p.stringPropertyNames()) {
      m.put(name, p.getProperty(name));
    }
    return Map.copyOf(m);
  }
}
