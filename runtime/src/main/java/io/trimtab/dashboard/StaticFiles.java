package io.trimtab.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The page's files, read from the classpath once: the page itself, its scripts and style, and uPlot from its WebJar. */
final class StaticFiles {

    private static final String PAGE = "/io/trimtab/dashboard/";
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
    /** The page's scripts, which {@code index.html} loads in this order. */
    static final List<String> SCRIPTS = List.of("dom.js", "charts.js", "api.js", "controls.js", "journal.js", "app.js");

    /** A file as served: its bytes and content type. */
    record StaticFile(byte[] body, String contentType) {
    }

    private StaticFiles() {
    }

    /**
     * The files by path below the dashboard's context.
     *
     * @throws IllegalStateException if one is missing from the classpath
     */
    static Map<String, StaticFile> load() {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        Map<String, StaticFile> files = new HashMap<>();
        files.put("/", file(PAGE + "index.html", "text/html; charset=utf-8"));
        for (String script : SCRIPTS) {
            files.put("/" + script, file(PAGE + script, "text/javascript; charset=utf-8"));
        }
        files.put("/app.css", file(PAGE + "app.css", "text/css; charset=utf-8"));
        files.put("/vendor/uPlot.iife.min.js", file(uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8"));
        files.put("/vendor/uPlot.min.css", file(uplot + "uPlot.min.css", "text/css; charset=utf-8"));
        return Map.copyOf(files);
    }

    /** The version of the uPlot WebJar on the classpath, which names the folder its files are in. */
    private static String uplotVersion() {
        Properties pom = new Properties();
        try (InputStream in = open(UPLOT_POM)) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
        return pom.getProperty("version");
    }

    private static StaticFile file(String resource, String contentType) {
        try (InputStream in = open(resource)) {
            return new StaticFile(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + resource, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = StaticFiles.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the dashboard's " + resource + " is missing from the classpath"
                    + " (org.webjars.npm:uplot and trimtab-runtime must both be there)");
        }
        return in;
    }
}
