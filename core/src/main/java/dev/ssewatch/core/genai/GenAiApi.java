package dev.ssewatch.core.genai;

import java.util.Locale;

/**
 * The APIs ssewatch recognises, with the names records and exporters use: {@link #wireName()} in
 * records and settings, {@link #provider()} and {@link #operation()} as the OpenTelemetry GenAI
 * conventions name them ({@code gen_ai.provider.name}, {@code gen_ai.operation.name}).
 */
public enum GenAiApi {
  OPENAI_CHAT_COMPLETIONS("openai.chat_completions", "openai", "chat"),
  OPENAI_COMPLETIONS("openai.completions", "openai", "text_completion"),
  OPENAI_RESPONSES("openai.responses", "openai", "chat"),
  AZURE_OPENAI_CHAT_COMPLETIONS("azure_openai.chat_completions", "azure.ai.openai", "chat"),
  AZURE_OPENAI_COMPLETIONS("azure_openai.completions", "azure.ai.openai", "text_completion"),
  AZURE_OPENAI_RESPONSES("azure_openai.responses", "azure.ai.openai", "chat"),
  ANTHROPIC_MESSAGES("anthropic.messages", "anthropic", "chat"),
  /** MCP Streamable HTTP: JSON-RPC over a POST whose response may be an event stream. */
  MCP("mcp", null, null);

  private final String wireName;
  private final String provider;
  private final String operation;

  GenAiApi(String wireName, String provider, String operation) {
    this.wireName = wireName;
    this.provider = provider;
    this.operation = operation;
  }

  public String wireName() {
    return wireName;
  }

  /** {@code gen_ai.provider.name}; null for MCP. */
  public String provider() {
    return provider;
  }

  /** {@code gen_ai.operation.name}; null for MCP (its method names the operation). */
  public String operation() {
    return operation;
  }

  public boolean isMcp() {
    return this == MCP;
  }

  /** The API named {@code name} (its wire name, any case), or null. */
  public static GenAiApi byWireName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (GenAiApi a : values()) {
      if (a.wireName.equals(n)) {
        return a;
      }
    }
    return null;
  }
}
