package io.trimtab.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.mbeans.optimizer.JournalEntry;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.Optimizer;
import io.trimtab.mbeans.optimizer.RuleMode;
import io.trimtab.mbeans.sqlite.IndexSuggestion;
import io.trimtab.testing.Orders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in Debian's Chromium, headless, driven by Selenium against a real runtime: it lists the runtime's
 * resources with live uPlot charts and no console error, offers its controls only to a viewer the access policy lets
 * exec, acts through Jolokia, shows a judged change's verdict and evidence and a cache's miss-ratio curve, fits a
 * phone's width, and a page reached by a rebinding DNS name gets a refusal.
 * Screenshots go to {@code target/dashboard-*.png}.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String REBINDING_NAME = "rebind.evil.example";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /** The verdicts a judged entry's outcome starts with, and the style the page gives each. */
    private static final Map<String, String> VERDICT_STYLES = Map.of("improved", "ok", "no effect", "warn", "worse", "bad",
            "not proven", "warn", "inconclusive", "warn");

    @TempDir
    static Path profile;
    private static ChromeDriver browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startChromium() {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install the Debian package chromium");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: install the Debian package chromium-driver");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP " + REBINDING_NAME + " 127.0.0.1");
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void quitChromium() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void freshPage() {
        browser.manage().window().setSize(new Dimension(1280, 800));
        browser.get("about:blank");
        browser.manage().logs().get(LogType.BROWSER); // drains what earlier tests left
    }

    @Test
    void aViewerWhoMayExecSeesLiveChartsAndActsThroughJolokia() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("browse", dir, b -> b)) {
            for (int i = 0; i < 3; i++) {
                fixture.lookups(20, 5);
                fixture.sample();
            }
            browser.get(fixture.dashboard().toString());
            WebElement hitRatio = await(By.cssSelector("article[data-kind='cache'][data-name='users']"
                    + " figure[data-signal='cache.users.hitRatio']"));
            await(By.cssSelector("figure[data-signal='cache.users.hitRatio'] canvas"));
            await(By.cssSelector("article[data-kind='pool'][data-name='orders'] figure[data-signal='pool.orders.utilization'] canvas"));
            await(By.cssSelector("article[data-kind='db'][data-name='shop'] figure[data-signal='db.shop.walBytes'] canvas"));
            assertEquals("3", hitRatio.getAttribute("data-samples"));
            assertEquals("0.8", hitRatio.getAttribute("data-latest"));

            fixture.lookups(0, 10);
            fixture.sample();
            until(b -> "4".equals(hitRatio.getAttribute("data-samples")), "the chart takes the new sample");
            assertEquals("0", hitRatio.getAttribute("data-latest"));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return performance.getEntriesByType('resource')"
                    + ".some(function (e) { return e.name.indexOf('api/state?since=') >= 0; });"), "polls ask for new samples only");
            screenshot("exec-1280");

            assertTrue(browser.findElement(By.id("controls")).isDisplayed());
            WebElement pin = browser.findElement(By.cssSelector("article[data-kind='cache'][data-name='users'] .knobs button.pin"));
            assertEquals("Pin cache.users.maxEntries", pin.getAttribute("aria-label"));
            pin.sendKeys(Keys.ENTER); // the keyboard reaches and works every control
            Knob knob = fixture.trimtab.optimizer().signals().knob("cache.users.maxEntries").orElseThrow();
            until(b -> knob.isPinned(), "pinning from the page pins the knob");
            await(By.cssSelector("#pinned li[data-key='cache.users.maxEntries']"));
            until(b -> pin.getText().equals("Unpin"), "the button turns to Unpin");
            pin.sendKeys(Keys.ENTER);
            until(b -> !knob.isPinned(), "unpinning from the page unpins it");

            WebElement size = browser.findElement(By.id("resize-cache-users"));
            WebElement resize = browser.findElement(By.cssSelector("article[data-kind='cache'][data-name='users'] button.resize"));
            size.clear();
            size.sendKeys("5000");
            resize.click();
            until(b -> status().contains("is not a size between 10 and 1000"), "a size out of bounds is refused on the page");
            assertEquals(100, fixture.users.maxEntries());
            size.clear();
            size.sendKeys("300");
            resize.click();
            until(b -> fixture.users.maxEntries() == 300, "resizing from the page resizes the cache");

            WebElement mode = browser.findElement(By.id("mode-select"));
            mode.sendKeys("auto");
            browser.findElement(By.id("mode-apply")).click();
            until(b -> fixture.trimtab.optimizer().mode() == RuleMode.AUTO, "the mode set on the page is the optimizer's");

            for (int i = 0; i < 30; i++) {
                Orders.insert(fixture.shop, 1 + i * 100, 100, 50, 16);
                Orders.countByCustomer(fixture.shop, i % 50);
            }
            IndexSuggestion proposed = fixture.shop.management().indexSuggestions().get(0);
            WebElement suggestion = await(By.cssSelector("#suggestions li[data-key='shop/" + proposed.id() + "']"));
            assertTrue(suggestion.getText().contains("SCAN orders"), suggestion.getText());
            suggestion.findElement(By.cssSelector("button.apply")).click();
            until(b -> !fixture.shop.management().getKnownIndexSuggestions().get(0).status().equals("proposed"),
                    "applying from the page runs the advisor's proof");
            until(b -> !suggestion.findElement(By.cssSelector("button.apply")).isDisplayed(), "a decided suggestion has no Apply");
            assertNoErrors();

            WebElement focused = browser.findElement(By.cssSelector("article[data-kind='pool'][data-name='orders'] button.pin"));
            focused.sendKeys(Keys.SHIFT); // focus without acting
            int rendered = rendered();
            until(b -> rendered() >= rendered + 2, "the page refreshes on its own");
            assertEquals(focused, browser.switchTo().activeElement(), "a refresh keeps the focus where it was");
            assertEquals("true", hitRatio.getAttribute("data-forecast"),
                    "polls with no new sample leave the forecasts out: the page keeps those it holds");

            assertFitsWidth(390);
            screenshot("exec-390");
            assertFitsWidth(1280);
            assertNoErrors();
        }
    }

    @Test
    void aJudgedChangeShowsItsVerdictAndEvidenceAndTheCacheItsMissRatioCurveAtItsSize() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("browseverdict", dir, b -> b.setting("optimizer.mode", "auto")
                .setting("optimizer.minHoldMillis", "0").setting("optimizer.verifySamples", "3"))) {
            Optimizer optimizer = fixture.trimtab.optimizer();
            optimizer.updateRule("cache.oversized", b -> b.sustain(3).minSamples(3).cooldownMillis(0));
            Random random = new Random(7);
            for (int cycle = 0; cycle < 30 && judged(optimizer).isEmpty(); cycle++) {
                for (int i = 0; i < 2_000; i++) { // a working set of 30 keys in a cache of 100: it shrinks
                    fixture.users.getOrLoad(random.nextInt(30), key -> "user " + key);
                }
                fixture.sample();
                optimizer.runCycle();
            }
            assertFalse(judged(optimizer).isEmpty(), optimizer.journal(50).toString());
            JournalEntry entry = judged(optimizer).get(0);

            browser.get(fixture.dashboard().toString());
            WebElement shown = await(By.cssSelector("#journal li[data-key='" + entry.id() + "']"));
            WebElement verdict = shown.findElement(By.cssSelector(".judgement .verdict"));
            String word = verdict.getText();
            assertTrue(VERDICT_STYLES.containsKey(word) && entry.outcome().startsWith(word), word + " of " + entry.outcome());
            assertTrue(verdict.getAttribute("class").contains(VERDICT_STYLES.get(word)), verdict.getAttribute("class"));
            List<String> evidence = shown.findElements(By.cssSelector(".evidence li")).stream().map(WebElement::getText).toList();
            assertEquals(List.of(entry.signals().split("; ")), evidence, "the entry's signals, clause by clause");
            assertTrue(evidence.get(0).startsWith("cache.users.hitRatio ") && evidence.get(0).contains(" without the change"),
                    "the observation against the counterfactual: " + evidence);
            assertTrue(evidence.stream().anyMatch(clause -> clause.startsWith("predicted ")), "the prediction: " + evidence);

            WebElement curve = await(By.cssSelector("article[data-kind='cache'][data-name='users']"
                    + " figure[data-signal='cache.users.maxEntries']"));
            await(By.cssSelector("figure[data-signal='cache.users.maxEntries'] canvas"));
            long size = fixture.users.maxEntries();
            assertEquals(String.valueOf(size), curve.getAttribute("data-current"));
            assertEquals(fixture.users.predictHitRatio(size).getAsDouble(), Double.parseDouble(curve.getAttribute("data-predicted")),
                    1e-6, "the curve marks the cache's own prediction at its size");
            assertTrue(curve.getText().contains("miss-ratio curve"), curve.getText());
            screenshot("verdict-curve", curve);
            screenshot("verdict-journal", browser.findElement(By.id("journal-section")));
            assertNoErrors();
        }
    }

    private static List<JournalEntry> judged(Optimizer optimizer) {
        return optimizer.journal(100).stream().filter(e -> e.kind().equals("verified") || e.kind().equals("rolledBack"))
                .toList();
    }

    @Test
    void aViewerThePolicyDoesNotLetExecSeesNoControls() throws Exception {
        Path policy = DashboardFixture.readOnlyPolicy(dir);
        try (DashboardFixture fixture = DashboardFixture.start("browsero", dir, b -> b.jolokiaPolicy(policy))) {
            fixture.lookups(10, 10);
            fixture.sample();
            fixture.sample();
            browser.get(fixture.dashboard().toString());
            await(By.cssSelector("article[data-kind='cache'][data-name='users'] figure[data-signal='cache.users.hitRatio'] canvas"));
            until(b -> "false".equals(browser.findElement(By.tagName("body")).getAttribute("data-can-exec")), "state read");
            assertFalse(browser.findElement(By.id("controls")).isDisplayed());
            List<String> visible = browser.findElements(By.cssSelector("button, select, input")).stream()
                    .filter(WebElement::isDisplayed).map(e -> e.getTagName() + " " + e.getText()).toList();
            assertEquals(List.of(), visible, "a read-only viewer gets no control");
            assertTrue(browser.findElements(By.cssSelector(".resize-row")).isEmpty());
            assertFitsWidth(390);
            screenshot("read-only-390");
            assertNoErrors();
        }
    }

    @Test
    void aControlThePolicyDeniesSaysSoOnThePageAndChangesNothing() throws Exception {
        Path policy = Files.writeString(dir.resolve("optimizer-only.xml"), DashboardFixture.READ_ONLY_POLICY.replace("</restrict>",
                "  <allow><mbean><name>test.browsedeny:type=Optimizer,*</name><operation>*</operation></mbean></allow>\n</restrict>"));
        try (DashboardFixture fixture = DashboardFixture.start("browsedeny", dir, b -> b.jolokiaPolicy(policy))) {
            fixture.sample();
            browser.get(fixture.dashboard().toString());
            WebElement size = await(By.id("resize-cache-users"));
            size.clear();
            size.sendKeys("200");
            browser.findElement(By.cssSelector("article[data-kind='cache'][data-name='users'] button.resize")).click();
            until(b -> status().startsWith("Resize cache users to 200 refused (403)"), "the page says the policy refused");
            assertEquals("error", browser.findElement(By.id("action-status")).getAttribute("data-state"));
            assertEquals(100, fixture.users.maxEntries());
            assertNoErrors();
        }
    }

    @Test
    void aPageReachedThroughARebindingNameIsRefusedWithoutData() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("browserebind", dir, b -> b)) {
            fixture.lookups(5, 5);
            fixture.sample();
            int port = fixture.base().getPort();
            for (String path : List.of("/trimtab/api/state", "/trimtab/")) {
                browser.get("http://" + REBINDING_NAME + ":" + port + path);
                String body = browser.findElement(By.tagName("body")).getText();
                long status = (Long) ((JavascriptExecutor) browser).executeScript(
                        "return performance.getEntriesByType('navigation')[0].responseStatus;");
                assertEquals(403, status, body);
                assertTrue(body.contains("Host " + REBINDING_NAME + ":" + port + " is not a name of this agent"), body);
                assertFalse(body.contains("users") || body.contains("hitRatio") || body.contains("canExec"), body);
            }
            browser.get(fixture.dashboard().resolve("api/state").toString());
            assertTrue(browser.findElement(By.tagName("body")).getText().contains("cache.users.hitRatio"),
                    "the agent's own name still reaches it");
        }
    }

    private static WebElement await(By selector) {
        return new WebDriverWait(browser, PATIENCE).withMessage(() -> selector + " on " + browser.getPageSource())
                .until(b -> b.findElements(selector).stream().findFirst().orElse(null));
    }

    private static void until(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition, String what) {
        new WebDriverWait(browser, PATIENCE).withMessage(() -> what + "; status: " + status()).until(condition);
    }

    private static String status() {
        return browser.findElement(By.id("action-status")).getText();
    }

    private static int rendered() {
        return Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-rendered"));
    }

    private static void assertFitsWidth(int width) {
        browser.manage().window().setSize(new Dimension(width, 800));
        JavascriptExecutor js = browser;
        until(b -> ((Long) js.executeScript("return window.innerWidth;")) == width, "the viewport is " + width + " px wide");
        int rendered = rendered();
        until(b -> rendered() > rendered, "the page redraws at the new width");
        long scrollWidth = (Long) js.executeScript("return document.documentElement.scrollWidth;");
        assertTrue(scrollWidth <= width, "at " + width + " px the page is " + scrollWidth + " px wide: it scrolls sideways");
    }

    private static void assertNoErrors() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
        assertEquals("", errors.stream().map(LogEntry::getMessage).collect(Collectors.joining("\n")), "console errors");
        assertEquals("0", browser.findElement(By.tagName("body")).getAttribute("data-errors"), "errors counted by the page");
    }

    private static void screenshot(String name) throws IOException {
        save(name, browser.getScreenshotAs(OutputType.BYTES));
    }

    /** A screenshot of one element, scrolled into view. */
    private static void screenshot(String name, WebElement element) throws IOException {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView();", element);
        save(name, element.getScreenshotAs(OutputType.BYTES));
    }

    private static void save(String name, byte[] png) throws IOException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.write(target.resolve("dashboard-" + name + ".png"), png);
    }
}
