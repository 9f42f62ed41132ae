package dev.ssewatch.proxy;

import java.nio.file.Path;
import java.util.Objects;

/** The listener serves HTTPS with this PEM certificate chain and PKCS#8 PEM private key. */
public record ServerTls(Path certificateChain, Path privateKey) {

  public ServerTls {
    Objects.requireNonNull(certificateChain, "certificateChain");
    Objects.requireNonNull(privateKey, "privateKey");
  }
}
