package dev.ssewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssewatch.core.config.Settings;
import dev.ssewatch.demo.backend.DemoBackend;
import dev.ssewatch.proxy.ProxyConfig;
import dev.ssewatch.proxy.ProxyServer;
import dev.ssewatch.proxy.Route;
import dev.ssewatch.proxy.RouteOptions;
import java.io.File;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The proxy's live page, end to end in headless Chromium: a stream opened through the proxy shows
 * up in the page's table, and alerts raised by a misbehaving backend show up in its alert list, one
 * row per cause with its count.
 */
class LivePageBrowserTest {

  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  private static final Duration IDLE_BUDGET = Duration.ofSeconds(8);

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
  private DemoBackend backend;
  private ProxyServer proxy;
  private ChromeDriver browser;

  @BeforeEach
  void start(@TempDir Path profile) throws Exception {
    Assumptions.assumeTrue(
        CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
        "chromium and chromedriver are not installed: install with"
            + " scripts/install-test-deps.sh");
    // The quiet endpoint stays silent past the idle budget, so its gap bar fills while we look.
    backend = DemoBackend.start(0, Duration.ofMillis(200), Duration.ofSeconds(30));
    RouteOptions options =
        RouteOptions.defaults().withHeartbeat(Duration.ZERO).withIdleBudget(IDLE_BUDGET);
    ProxyConfig config =
        ProxyConfig.builder()
            .listen(new InetSocketAddress("127.0.0.1", 0))
            .admin(new InetSocketAddress("127.0.0.1", 0))
            .route(Route.all(URI.create("http://127.0.0.1:" + backend.port()), options))
            .drain(Duration.ZERO)
            .build();
    proxy =
        ProxyServer.builder(config)
            .settings(Settings.of(Map.of("ssewatch.idle.budget", IDLE_BUDGET.toMillis() + "ms")))
            .telemetry(record -> {})
            .eventLoopThreads(1)
            .build()
            .start();

    // Paths given explicitly, so Selenium Manager has nothing to look up or download.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(CHROMIUM);
    chrome.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1440,960",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER)
            .usingAnyFreePort()
            .build();
    browser = new ChromeDriver(service, chrome);
  }

  @AfterEach
  void stop() {
    streams.forEach(f -> f.thenAccept(r -> closeQuietly(r.body())).cancel(true));
    if (browser != null) {
      browser.quit();
    }
    if (proxy != null) {
      proxy.shutdown(Duration.ZERO);
    }
    if (backend != null) {
      backend.close();
    }
  }

  @Test
  void thePageShowsAStreamOpenedThroughTheProxyAndAnAlertFromAMisbehavingBackend()
      throws Exception {
    browser.get("http://127.0.0.1:" + proxy.adminAddress().getPort() + "/");
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    wait.until(ExpectedConditions.textToBe(By.id("conn"), "live"));

    open("/misbehave/quiet");
    open("/server-events/50");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("streams"), "/misbehave/quiet"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("streams"), "/server-events/50"));

    // Three streams with the same problem: one row for the cause, counting three.
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> sized =
          http.send(
              HttpRequest.newBuilder(proxyUrl("/misbehave/content-length?eventscount=3")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(sized.statusCode()).isEqualTo(200);
    }
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#alerts li[data-rule='content_length'][data-count='3']")));
    assertThat(browser.findElements(By.cssSelector("#alerts li[data-rule='content_length']")))
        .hasSize(1);
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("ended"), "/misbehave/content-length?eventscount=3"));

    // The quiet stream's gap passes half the idle budget: its bar turns amber.
    // The page redraws its lists as telemetry arrives: each element is read where it is found,
    // and found again if a redraw replaced it in between.
    String amberWidth =
        new WebDriverWait(browser, Duration.ofSeconds(IDLE_BUDGET.toSeconds() + 30))
            .ignoring(StaleElementReferenceException.class)
            .until(d -> d.findElement(By.cssSelector(".fill.amber")).getCssValue("width"));
    assertThat(amberWidth).isNotEqualTo("0px");

    String alertText =
        wait.ignoring(StaleElementReferenceException.class)
            .until(
                d ->
                    d.findElement(By.cssSelector("#alerts li[data-rule='content_length']"))
                        .getText());
    assertThat(alertText)
        .contains("Content-Length")
        .contains("buffering")
        .contains("× 3")
        .contains("latest");

    Path shot = Path.of("target", "live-page.png");
    Files.createDirectories(shot.getParent());
    Files.copy(
        browser.getScreenshotAs(OutputType.FILE).toPath(),
        shot,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private void open(String path) {
    streams.add(
        http.sendAsync(
            HttpRequest.newBuilder(proxyUrl(path)).build(),
            HttpResponse.BodyHandlers.ofInputStream()));
  }

  private URI proxyUrl(String path) {
    return URI.create("http://127.0.0.1:" + proxy.port() + path);
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (Exception e) {
      // the stream is being torn down anyway
    }
  }
}
