package dev.muster.e2e;

import dev.muster.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (Selenium WebDriver), with a fresh profile and
 * without Chromium's background network traffic (this machine has no network beyond loopback). Both paths are
 * given explicitly, so Selenium never tries to download a browser or a driver.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/ui-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test class when Chromium is missing, or fails it when external tools are required. */
    static void require() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        ExternalTools.unavailable(CHROMIUM + " or " + CHROMEDRIVER + " not found; install Debian's chromium and "
                + "chromium-driver: apt-get install -y chromium chromium-driver");
    }

    static Browser start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /** The text of an element that live updates may replace meanwhile (re-found until it reads). */
    String text(String css) {
        return await("the text of " + css, d -> {
            try {
                return d.findElement(By.cssSelector(css)).getText();
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    /** Clicks an element that live updates may replace meanwhile. */
    void click(String css) {
        await("a click on " + css, d -> {
            try {
                d.findElement(By.cssSelector(css)).click();
                return true;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    /** Waits until {@code condition} gives a non-null, non-false value, failing with {@code what} otherwise. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).withMessage(what).until(condition);
    }

    /** Writes a PNG of the window to target/ui-screenshots/{name}.png. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
