package dev.ssewatch.proxy.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.proxy.admin.ProxyMetrics.TlsFailure;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The JDK's ways of saying why a certificate failed, and what the proxy makes of each. */
class TlsFailuresTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(
            handshake(new CertificateExpiredException("NotAfter: ...")), TlsFailure.EXPIRED),
        Arguments.of(
            handshake(
                new CertPathValidatorException(
                    "validity check failed",
                    new CertificateExpiredException(),
                    null,
                    -1,
                    CertPathValidatorException.BasicReason.EXPIRED)),
            TlsFailure.EXPIRED),
        Arguments.of(
            handshake(new CertificateNotYetValidException("NotBefore: ...")),
            TlsFailure.NOT_YET_VALID),
        Arguments.of(
            handshake(
                new java.security.cert.CertPathBuilderException(
                    "unable to find valid certification path to requested target")),
            TlsFailure.NOT_TRUSTED),
        Arguments.of(
            handshake(new CertPathValidatorException("signature check failed")),
            TlsFailure.NOT_TRUSTED),
        Arguments.of(
            handshake(
                new CertificateException(
                    "No subject alternative DNS name matching backend.example found.")),
            TlsFailure.NAME_MISMATCH),
        Arguments.of(
            handshake(new CertificateException("No subject alternative names present")),
            TlsFailure.NAME_MISMATCH),
        Arguments.of(
            handshake(new CertificateException("No name matching backend.example found")),
            TlsFailure.NAME_MISMATCH),
        Arguments.of(
            new SSLHandshakeException("Received fatal alert: protocol_version"), TlsFailure.OTHER),
        Arguments.of(new java.io.IOException("reset"), TlsFailure.OTHER));
  }

  private static SSLHandshakeException handshake(Exception cause) {
    SSLHandshakeException e = new SSLHandshakeException("PKIX failure");
    e.initCause(new RuntimeException(cause.getMessage(), cause));
    return e;
  }

  @ParameterizedTest
  @MethodSource("cases")
  void classifies(Throwable cause, TlsFailure expected) {
    assertThat(TlsFailures.classify(cause)).isEqualTo(expected);
  }
}
