package dev.ssewatch.doctor;

/**
 * Where a finding comes from.
 *
 * @param file the input as the user named it ({@code --sku} for the tier option)
 * @param path an XPath-like path in a policy ({@code policies/backend/forward-request}) or a JSON
 *     path in diagnostics ({@code [0].properties.frontend.response.body.bytes}); "" when none
 * @param line 1-based line number, or 0 when unknown
 */
public record Location(String file, String path, int line) {

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(':').append(line);
    }
    if (!path.isEmpty()) {
      b.append(' ').append(path);
    }
    return b.toString();
  }
}
