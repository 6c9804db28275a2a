package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.trimtab.Trimtab;
import io.trimtab.testing.Probe;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * DNS rebinding in a real browser. Chromium resolves {@code rebind.evil.example} to 127.0.0.1. The attacker's server
 * serves its page from {@code http://rebind.evil.example:PORT/} and goes away; the agent then listens on the same
 * address, so the page's script is same-origin with it: the browser sends {@code Host: rebind.evil.example:PORT},
 * {@code Sec-Fetch-Site: same-origin} and no Origin. The agent refuses the foreign Host; the browser reaches the agent
 * by its own name.
 */
class BrowserRebindingTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PROBE = "test.rebind:type=Probe,name=probe";

    @TempDir
    Path dir;

    private static final String PAGE = """
            <html><head><title>waiting</title></head><body><pre id="out"></pre><script>
            async function attack() {
              for (let i = 0; i < 300; i++) {
                try {
                  const read = await fetch('/jolokia/read/java.lang:type=Runtime/Uptime', {cache: 'no-store'});
                  const text = await read.text();
                  if (text.indexOf('attacker') < 0) {
                    const write = await fetch('/jolokia/write/%s/Limit/55', {cache: 'no-store'});
                    document.getElementById('out').textContent = read.status + ' ' + text + '\\n' + write.status;
                    document.title = 'done';
                    return;
                  }
                } catch (e) { /* between the two servers */ }
                await new Promise(resolve => setTimeout(resolve, 100));
              }
              document.title = 'gave up';
            }
            attack();
            </script></body></html>
            """.formatted(PROBE);

    @Test
    void aPageFromARebindingNameCannotReadOrWriteTheAgent() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install chromium");
        assertTrue(Files.isExecutable(CHROMEDRIVER), CHROMEDRIVER + " is missing: install chromium-driver");
        int port = freePort();
        HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        attacker.createContext("/", exchange -> {
            boolean page = exchange.getRequestURI().getPath().equals("/");
            byte[] body = (page ? PAGE : "attacker").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", page ? "text/html" : "text/plain");
            exchange.sendResponseHeaders(page ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--host-resolver-rules=MAP rebind.evil.example 127.0.0.1");
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get("http://rebind.evil.example:" + port + "/");
            attacker.stop(0);
            try (Trimtab trimtab = Trimtab.builder().name("rebind").jmxDomain("test.rebind").dataDir(dir)
                    .jolokiaPort(port).start()) {
                Probe probe = new Probe();
                Probe.register(trimtab, probe);
                new WebDriverWait(browser, Duration.ofSeconds(30)).until(b -> !b.getTitle().equals("waiting"));
                assertEquals("done", browser.getTitle());
                String out = browser.findElement(By.id("out")).getText();
                assertTrue(out.startsWith("403 "), out);
                assertTrue(out.contains("Host rebind.evil.example:" + port + " is not a name of this agent"), out);
                assertFalse(out.contains("\"value\""), out);
                assertTrue(out.endsWith("\n403"), out);
                assertEquals(10, probe.getLimit());

                browser.get("http://localhost:" + port + "/jolokia/read/" + PROBE + "/Limit");
                assertTrue(browser.getPageSource().contains("\"value\":10"), browser.getPageSource());
            }
        } finally {
            browser.quit();
            attacker.stop(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
