package dev.ssewatch.agent.it;

/**
 * Tomcat's compression scenarios on embedded Tomcat 9 ({@code javax.servlet}), on its own class
 * path: its connector's gzip filter is built as Tomcat 10.1's.
 */
class Tomcat9CompressionAgentIT extends Tomcat10CompressionAgentIT {

  @Override
  ChildJvm start(ChildJvm.Options options) throws Exception {
    return ChildJvm.start(
        options,
        ChildJvm.copiedClasspath("tomcat9"),
        "dev.ssewatch.agent.apps.TomcatApp",
        "javax",
        "compression");
  }

  // The javax test servlet has none of the following cases: not tests here (no @Test).

  @Override
  void aStreamCutShortOfItsContentLengthEnds() {}

  @Override
  void aStreamTheAsyncTimeoutEndsIsRecordedToItsEnd() {}

  @Override
  void compressedBytesOfNonBlockingOutputAreCountedToTheLastByte() {}
}
