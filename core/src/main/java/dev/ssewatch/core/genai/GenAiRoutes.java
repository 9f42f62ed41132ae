package dev.ssewatch.core.genai;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.core.config.SettingsException;
import dev.ssewatch.core.http.Header;
import dev.ssewatch.core.http.Headers;
import java.util.ArrayList;
import java.util.List;

/**
 * Which exchanges are LLM token streams or MCP calls, decided once per exchange from the request
 * path and headers: the built-in patterns of the well-known APIs (any of which can be turned off),
 * the patterns the user adds, and MCP by its request headers. Read and validated once per recorder
 * factory.
 */
public final class GenAiRoutes {

  static final String ENABLED = "ssewatch.genai.enabled";
  static final String ROUTES = "ssewatch.genai.routes";
  static final String DISABLED = "ssewatch.genai.disabled";

  /** Request headers MCP (Streamable HTTP) clients send; any one marks the exchange as MCP. */
  static final List<String> MCP_HEADERS =
      List.of("Mcp-Method", "Mcp-Name", "MCP-Protocol-Version", "Mcp-Session-Id");

  // Azure first: its v1 paths end like OpenAI's.
  static final List<RoutePattern> BUILT_IN =
      List.of(
          new RoutePattern(
              GenAiApi.AZURE_OPENAI_CHAT_COMPLETIONS, "/**/openai/deployments/*/chat/completions"),
          new RoutePattern(
              GenAiApi.AZURE_OPENAI_COMPLETIONS, "/**/openai/deployments/*/completions"),
          new RoutePattern(
              GenAiApi.AZURE_OPENAI_CHAT_COMPLETIONS, "/**/openai/v1/chat/completions"),
          new RoutePattern(GenAiApi.AZURE_OPENAI_COMPLETIONS, "/**/openai/v1/completions"),
          new RoutePattern(GenAiApi.AZURE_OPENAI_RESPONSES, "/**/openai/v1/responses"),
          new RoutePattern(GenAiApi.AZURE_OPENAI_RESPONSES, "/**/openai/responses"),
          new RoutePattern(GenAiApi.OPENAI_CHAT_COMPLETIONS, "/**/v1/chat/completions"),
          new RoutePattern(GenAiApi.OPENAI_COMPLETIONS, "/**/v1/completions"),
          new RoutePattern(GenAiApi.OPENAI_RESPONSES, "/**/v1/responses"),
          new RoutePattern(GenAiApi.ANTHROPIC_MESSAGES, "/**/v1/messages"),
          new RoutePattern(GenAiApi.MCP, "/**/mcp"));

  /** Recognises nothing. */
  public static final GenAiRoutes NONE = new GenAiRoutes(List.of(), false);

  private final List<RoutePattern> patterns;
  private final boolean mcpByHeaders;

  GenAiRoutes(List<RoutePattern> patterns, boolean mcpByHeaders) {
    this.patterns = List.copyOf(patterns);
    this.mcpByHeaders = mcpByHeaders;
  }

  /** The routes {@code settings} configure; a bad value fails here, naming its key. */
  public static GenAiRoutes from(Settings settings) {
    if (!settings.bool(ENABLED, true)) {
      return NONE;
    }
    List<GenAiApi> disabled = new ArrayList<>();
    for (String name : settings.list(DISABLED, List.of())) {
      GenAiApi api = GenAiApi.byWireName(name);
      if (api == null) {
        throw new SettingsException(DISABLED, "unknown API '" + name + "'; expected " + names());
      }
      disabled.add(api);
    }
    List<RoutePattern> out = new ArrayList<>();
    // The user's patterns first: they may claim a path a built-in would give another API.
    for (String entry : settings.list(ROUTES, List.of())) {
      int eq = entry.indexOf('=');
      GenAiApi api = eq < 0 ? null : GenAiApi.byWireName(entry.substring(0, eq));
      if (api == null) {
        throw new SettingsException(
            ROUTES,
            "expected api=/path/pattern with api one of " + names() + ", got '" + entry + "'");
      }
      try {
        out.add(new RoutePattern(api, entry.substring(eq + 1).trim()));
      } catch (IllegalArgumentException e) {
        throw new SettingsException(ROUTES, e.getMessage());
      }
    }
    for (RoutePattern p : BUILT_IN) {
      if (!disabled.contains(p.api())) {
        out.add(p);
      }
    }
    return new GenAiRoutes(out, !disabled.contains(GenAiApi.MCP));
  }

  /**
   * The API of a request, or null: MCP when the request carries an MCP header, else the first
   * pattern matching the path. Only a POST is an LLM or MCP call. Called once per exchange.
   */
  public GenAiApi match(String method, String path, List<Header> requestHeaders) {
    if (patterns.isEmpty() && !mcpByHeaders) {
      return null;
    }
    if (method != null && !method.equalsIgnoreCase("POST")) {
      return null;
    }
    if (mcpByHeaders) {
      for (String h : MCP_HEADERS) {
        if (Headers.contains(requestHeaders, h)) {
          return GenAiApi.MCP;
        }
      }
    }
    for (RoutePattern p : patterns) {
      if (p.matches(path)) {
        return p.api();
      }
    }
    return null;
  }

  private static String names() {
    List<String> n = new ArrayList<>();
    for (GenAiApi a : GenAiApi.values()) {
      n.add(a.wireName());
    }
    return String.join(", ", n);
  }
}
