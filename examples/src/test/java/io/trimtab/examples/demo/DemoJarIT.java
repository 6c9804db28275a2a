package io.trimtab.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.testing.JolokiaHttp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar the README starts, started the same way: one JVM of its own, stopped with SIGTERM. */
class DemoJarIT {

    @TempDir
    Path dir;

    @Test
    void theDemoJarStartsAnswersAndExitsZeroOnSigterm() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process demo = new ProcessBuilder(java.toString(), "-Dtrimtab.jolokia.port=0", "-jar", "target/trimtab-demo.jar",
                "--port", "0", "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            String jolokia = null;
            while (jolokia == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                lines.add(line);
                if (line.startsWith("Jolokia: ")) {
                    jolokia = line.substring("Jolokia: ".length());
                }
            }
            assertNotNull(jolokia, "the demo printed no Jolokia URL: " + lines);
            JolokiaHttp http = new JolokiaHttp(URI.create(jolokia));
            assertEquals("RUNNING", http.read("io.trimtab:type=Runtime,name=demo", "State"));
            String curl = out.readLine();
            assertTrue(curl.trim().startsWith("curl -s " + jolokia + "read/io.trimtab:type=Runtime,name=demo"), curl);

            demo.destroy();
            assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "the demo did not stop on SIGTERM");
            assertEquals(0, demo.exitValue());
        } finally {
            demo.destroyForcibly();
        }
    }
}
