package supervisor.compat;


import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, driven through its chromedriver by Selenium: a person's browser
 * for the web UI. Both programs are taken from PATH (Selenium Manager, which would download
 * them, is never asked). A fixed window size, so the layout checked is the same everywhere.
 *
 * <p>Pages are not waited for on navigation (page load strategy none): Tail -f opens a response
 * that never ends. Every test waits for what it wants to see instead, with {@link #until}.
 */
final class Browser implements AutoCloseable {
    static final int WIDTH = 1100;
    static final int HEIGHT = 900;
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /**
     * Selenium warns on every start that it has no DevTools classes for this chromium's version;
     * the tests use WebDriver alone. Held here: java.util.logging keeps loggers weakly.
     */
    private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

    static {
        DEVTOOLS.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts chromedriver and a chromium whose profile lives in {@code dir}. */
    static Browser open(Path dir) {
        Path chromium = RequiredTools.require("chromium", "chromium");
        Path chromedriver = RequiredTools.require("chromedriver", "chromium-driver");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.setPageLoadStrategy(PageLoadStrategy.NONE);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + dir.resolve("profile"),
                "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
        return new Browser(driver);
    }

    WebDriver driver() {
        return driver;
    }

    /**
     * Polls the page until {@code condition} gives a non-null, non-false value. An element of a
     * page being replaced is retried: chromium reports it stale, or, for a window's first
     * about:blank, as an unknown error; the last such error comes with a time-out.
     */
    <T> T until(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, DEADLINE)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(WebDriverException.class)
                .withMessage(what)
                .until(condition);
    }

    @Override
    public void close() {
        driver.quit();
    }

}
