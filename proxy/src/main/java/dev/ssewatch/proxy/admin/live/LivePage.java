package dev.ssewatch.proxy.admin.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The live page, one self-contained HTML file, and its Content-Security-Policy. The policy allows
 * the page's own inline script and style by hash, and nothing else: no other script, no frames, no
 * forms, connections only back to the admin listener.
 */
final class LivePage {

  private static final String RESOURCE = "index.html";
  private static final byte[] HTML = load();
  private static final String CSP =
      "default-src 'none'; script-src "
          + hashOf("script")
          + "; style-src "
          + hashOf("style")
          + "; connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none';"
          + " frame-ancestors 'none'";

  private LivePage() {}

  static byte[] html() {
    return HTML;
  }

  static String contentSecurityPolicy() {
    return CSP;
  }

  private static byte[] load() {
    try (InputStream in = LivePage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("live page resource missing: " + RESOURCE);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 'sha256-…'} of the text inside the page's only {@code <tag>} element. */
  private static String hashOf(String tag) {
    String html = new String(HTML, StandardCharsets.UTF_8);
    int open = html.indexOf("<" + tag + ">");
    int close = html.indexOf("</" + tag + ">");
    if (open < 0 || close < open) {
      throw new IllegalStateException("live page has no <" + tag + "> element");
    }
    String body = html.substring(open + tag.length() + 2, close);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
