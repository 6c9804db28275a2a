package io.trimtab.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.jobs.JobHandle;
import io.trimtab.mbeans.optimizer.Knob;
import io.trimtab.mbeans.optimizer.OutcomeModel;
import io.trimtab.mbeans.optimizer.SignalWindow;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.RawHttp;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over real HTTP from a real runtime: its files, its headers, its one JSON document, its refusals. */
class DashboardHttpTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void theStateFollowsWhatTheSamplerReadsFromTheRealResources() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashstate", dir, b -> b)) {
            fixture.lookups(10, 0);
            try (Connection held = fixture.orders.getConnection()) { // one of four lent
                fixture.sample();
            }
            fixture.lookups(0, 10);
            fixture.backlog.set(500);
            fixture.sample();
            fixture.lookups(5, 5);
            fixture.sample();
            fixture.trimtab.optimizer().runCycle();

            RawHttp.Answer answer = get(fixture, "/trimtab/api/state");
            assertEquals(200, answer.status(), answer.body());
            assertEquals(DashboardServlet.CONTENT_SECURITY_POLICY, answer.header("Content-Security-Policy"));
            assertEquals("nosniff", answer.header("X-Content-Type-Options"));
            assertEquals("no-store", answer.header("Cache-Control"));
            assertEquals("application/json;charset=utf-8", answer.header("Content-Type").replace(" ", ""));
            Map<String, Object> state = object(JolokiaHttp.parse(answer.body()));

            assertEquals("dashstate", state.get("runtime"));
            assertEquals("recommend", state.get("mode"));
            assertEquals(true, state.get("canExec"));
            assertEquals("test.dashstate:type=Optimizer,name=dashstate", state.get("optimizer"));
            assertEquals(List.of("cache:users", "pool:orders", "pool:shop", "db:shop", "app:app", "jvm:jvm"),
                    list(state.get("resources")).stream().map(r -> object(r).get("kind") + ":" + object(r).get("name")).toList());

            Map<String, Object> users = resource(state, "cache", "users");
            assertEquals("test.dashstate:type=Cache,name=users", users.get("mbean"));
            assertEquals(List.of(1.0, 0.0, 0.5), values(signal(users, "cache.users.hitRatio")));
            Map<String, Object> pool = resource(state, "pool", "orders");
            assertEquals(0.25, values(signal(pool, "pool.orders.utilization")).get(0));
            assertEquals(0.0, values(signal(pool, "pool.orders.utilization")).get(2));
            assertTrue(object(list(users.get("knobs")).get(0)).get("name").equals("cache.users.maxEntries"), users.toString());
            Map<String, Object> undersized = object(list(signal(users, "cache.users.hitRatio").get("thresholds")).get(0));
            assertEquals("cache.undersized", undersized.get("rule"));
            assertEquals(0.9, ((Number) undersized.get("threshold")).doubleValue());
            assertNotNull(signal(users, "cache.users.hitRatio").get("forecast"), "three samples make a forecast");
            assertEquals("hitRatio", signal(users, "cache.users.hitRatio").get("figure"));
            assertEquals("heap.usedRatio", signal(resource(state, "jvm", "jvm"), "jvm.heap.usedRatio").get("figure"));

            // Every window is the sampler's own, sample for sample, with its sample times.
            for (Object r : list(state.get("resources"))) {
                for (Object s : list(object(r).get("signals"))) {
                    String name = (String) object(s).get("name");
                    SignalWindow window = fixture.trimtab.optimizer().signals().window(name).orElseThrow();
                    SignalWindow.Samples held = window.samplesSince(0);
                    assertEquals(held.appended(), ((Number) object(s).get("appended")).longValue(), name);
                    List<?> times = list(object(s).get("t") != null ? object(s).get("t") : object(r).get("t"));
                    assertEquals(held.times().length, times.size(), name);
                    assertEquals(held.times()[held.times().length - 1], ((Number) times.get(times.size() - 1)).longValue(), name);
                    List<Double> shown = values(object(s));
                    for (int i = 0; i < shown.size(); i++) {
                        assertEquals(held.values()[i], shown.get(i), Math.abs(held.values()[i]) * 1e-6, name + " sample " + i);
                    }
                }
            }

            assertEquals(500.0, values(signal(resource(state, "app", "app"), "app.orders.backlog")).get(1));
            assertTrue(list(state.get("alerts")).stream().anyMatch(a -> object(a).get("rule").equals("app.backlog")), answer.body());
            Map<String, Object> entry = object(list(state.get("journal")).get(list(state.get("journal")).size() - 1));
            assertEquals("alert", entry.get("kind"));
            assertEquals("app.orders.backlog", entry.get("target"));
            Map<String, Object> health = object(state.get("health"));
            assertEquals(fixture.trimtab.optimizer().healthScore(), ((Number) health.get("score")).intValue());
            assertTrue(list(health.get("penalties")).stream().anyMatch(p -> object(p).get("signal").equals("cache.users.hitRatio")),
                    health.toString());
            assertTrue(list(resource(state, "db", "shop").get("suggestions")).isEmpty());
        }
    }

    @Test
    void aPageThatHoldsTheWindowsFetchesOnlyTheSamplesSinceItsNewest() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashsince", dir, b -> b)) {
            fixture.lookups(10, 0);
            fixture.sample();
            fixture.lookups(0, 10);
            fixture.sample();
            Map<String, Object> whole = state(fixture);
            assertEquals(0L, whole.get("since"));
            List<?> times = list(resource(whole, "cache", "users").get("t"));
            long newest = ((Number) times.get(times.size() - 1)).longValue();

            fixture.lookups(5, 5);
            fixture.sample();
            Map<String, Object> delta = object(JolokiaHttp.parse(get(fixture, "/trimtab/api/state?since=" + newest).body()));
            assertEquals(newest, ((Number) delta.get("since")).longValue());
            assertEquals(whole.get("epoch"), delta.get("epoch"));
            Map<String, Object> hitRatio = signal(resource(delta, "cache", "users"), "cache.users.hitRatio");
            assertEquals(List.of(0.0, 0.5), values(hitRatio), "the newest sample held, then the new one");
            assertEquals(3L, hitRatio.get("appended"));
            assertEquals(newest, ((Number) list(resource(delta, "cache", "users").get("t")).get(0)).longValue());
            assertEquals(true, whole.get("trends"));
            assertEquals(true, delta.get("trends"), "a new sample: new forecasts");
            assertNotNull(hitRatio.get("forecast"));

            List<?> deltaTimes = list(resource(delta, "cache", "users").get("t"));
            long newer = ((Number) deltaTimes.get(deltaTimes.size() - 1)).longValue();
            Map<String, Object> idle = object(JolokiaHttp.parse(get(fixture, "/trimtab/api/state?since=" + newer).body()));
            assertEquals(false, idle.get("trends"), "no sample since: the page keeps the forecasts and curves it holds");
            Map<String, Object> idleHitRatio = signal(resource(idle, "cache", "users"), "cache.users.hitRatio");
            assertEquals(List.of(0.5), values(idleHitRatio));
            assertFalse(idleHitRatio.containsKey("forecast"), idleHitRatio.toString());
            assertEquals(3L, idleHitRatio.get("appended"));

            for (String bad : List.of("abc", "-1", "1e3", "", "1234567890123456789012")) {
                RawHttp.Answer refused = get(fixture, "/trimtab/api/state?since=" + bad);
                assertEquals(400, refused.status(), bad);
                assertEquals("since must be a sample time in epoch milliseconds, 0 or more, but was '" + bad + "'",
                        refused.body());
            }
        }
    }

    @Test
    void aPinnedKnobAndANewJournalEntryShowAtTheNextView() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashpin", dir, b -> b)) {
            fixture.sample();
            Map<String, Object> before = state(fixture);
            assertEquals(List.of(), before.get("pinned"));
            assertEquals(List.of(), before.get("journal"));

            JolokiaHttp jolokia = new JolokiaHttp(fixture.trimtab.jolokiaUrl().orElseThrow());
            Map<String, Object> pinned = jolokia.post("{\"type\":\"exec\",\"mbean\":\"test.dashpin:type=Optimizer,name=dashpin\","
                    + "\"operation\":\"setKnob\",\"arguments\":[\"cache.users.maxEntries\",\"200\"]}");
            assertEquals(200, ((Number) pinned.get("status")).intValue(), pinned.toString());
            fixture.backlog.set(500);
            fixture.sample();
            fixture.trimtab.optimizer().runCycle();

            Map<String, Object> after = state(fixture);
            assertEquals(List.of("cache.users.maxEntries"), after.get("pinned"));
            Map<String, Object> knob = object(list(resource(after, "cache", "users").get("knobs")).get(0));
            assertEquals(200L, knob.get("value"));
            assertEquals(true, knob.get("pinned"));
            assertEquals(1, list(after.get("journal")).size(), after.get("journal").toString());
        }
    }

    @Test
    void betweenTwoSamplesAViewShowsAKnobMovedAndARuleChangedMeanwhile() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashbetween", dir, b -> b)) {
            fixture.lookups(10, 5);
            fixture.sample();
            Map<String, Object> first = state(fixture);
            assertEquals(first.get("resources"), state(fixture).get("resources"), "nothing changed: the same sections");

            fixture.users.resize(250); // no sample since
            fixture.trimtab.optimizer().updateRule("cache.undersized", b -> b.threshold(0.8).clearThreshold(0.85));
            Map<String, Object> users = resource(state(fixture), "cache", "users");
            assertEquals(250L, object(list(users.get("knobs")).get(0)).get("value"));
            Map<String, Object> level = object(list(signal(users, "cache.users.hitRatio").get("thresholds")).get(0));
            assertEquals(0.8, ((Number) level.get("threshold")).doubleValue());
            assertEquals(values(signal(resource(first, "cache", "users"), "cache.users.hitRatio")),
                    values(signal(users, "cache.users.hitRatio")), "the same samples");
        }
    }

    @Test
    void aSampleTheSamplingJobTakesWhileAPageWatchesIsInThePagesNextPollWithItsForecasts() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashjob", dir, b -> b)) {
            fixture.lookups(10, 0);
            fixture.sample();
            fixture.lookups(0, 10);
            fixture.sample();
            List<?> times = list(resource(state(fixture), "cache", "users").get("t")); // the page's view
            long newest = ((Number) times.get(times.size() - 1)).longValue();

            fixture.lookups(5, 5);
            JobHandle sampling = fixture.trimtab.jobs().get(Trimtab.SAMPLING_JOB);
            long runs = sampling.status().runCount();
            sampling.triggerNow();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sampling.status().runCount() == runs && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(runs + 1, sampling.status().runCount(), "the sampling job ran");

            Map<String, Object> poll = object(JolokiaHttp.parse(get(fixture, "/trimtab/api/state?since=" + newest).body()));
            assertEquals(true, poll.get("trends"));
            Map<String, Object> hitRatio = signal(resource(poll, "cache", "users"), "cache.users.hitRatio");
            assertEquals(List.of(0.0, 0.5), values(hitRatio), "the newest sample held, then the job's");
            assertEquals(3L, hitRatio.get("appended"));
            assertEquals(3L, ((Number) object(hitRatio.get("forecast")).get("samples")).longValue(),
                    "the forecast of the three samples");
        }
    }

    @Test
    void aKnobWithAnOutcomeModelComesWithItsPredictionsAcrossItsBounds() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashcurve", dir, b -> b)) {
            OutcomeModel backlogByWorkers = new OutcomeModel() {
                @Override
                public String signal() {
                    return "app.orders.backlog";
                }

                @Override
                public OptionalDouble predict(double workers) {
                    return workers < 2 ? OptionalDouble.empty() : OptionalDouble.of(600 / workers);
                }
            };
            fixture.trimtab.optimizer().signals().publish(Knob.builder("app.orders.workers").bounds(1, 9).integral()
                    .model(backlogByWorkers).reader(() -> 3).setter(v -> { }).build());
            fixture.sample();

            Map<String, Object> knob = object(list(resource(state(fixture), "app", "app").get("knobs")).get(0));
            assertEquals("app.orders.workers", knob.get("name"));
            Map<String, Object> curve = object(knob.get("curve"));
            assertEquals("app.orders.backlog", curve.get("signal"));
            List<?> x = list(curve.get("x"));
            List<?> y = list(curve.get("y"));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), x, "whole knob values once each, the current one among them");
            assertEquals(null, y.get(0), "where the model cannot say");
            assertEquals(200L, y.get(2));
            assertEquals(120L, y.get(4));
        }
    }

    @Test
    void aRealCachesMissRatioCurveComesWithItsKnobOnALogScaleWithTheCurrentSizeAmongItsPoints() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashmrc", dir, b -> b)) {
            fixture.sample();
            Map<String, Object> cold = object(list(resource(state(fixture), "cache", "users").get("knobs")).get(0));
            assertNull(cold.get("curve"), "no curve before the cache's sampler has seen enough lookups: " + cold);

            int keys = 200;
            int lookups = 3_000;
            for (int i = 0; i < lookups; i++) { // round and round 200 keys, in a cache of 100 (bounds 10 to 1000)
                fixture.users.getOrLoad(i % keys, key -> "user " + key);
            }
            fixture.sample();

            Map<String, Object> knob = object(list(resource(state(fixture), "cache", "users").get("knobs")).get(0));
            assertEquals("cache.users.maxEntries", knob.get("name"));
            Map<String, Object> curve = object(knob.get("curve"));
            assertEquals("cache.users.hitRatio", curve.get("signal"));
            assertEquals("log", curve.get("scale"), "bounds a hundredfold apart");
            List<Double> x = numbers(curve.get("x"));
            List<Double> y = numbers(curve.get("y"));
            assertEquals(x.size(), y.size());
            assertEquals(10.0, x.get(0));
            assertEquals(1_000.0, x.get(x.size() - 1));
            assertTrue(x.contains(100.0), "the current size is a point of the curve: " + x);
            for (int i = 1; i < x.size(); i++) {
                assertTrue(x.get(i) > x.get(i - 1), "sizes ascend once each: " + x);
                assertTrue(x.get(i) / x.get(i - 1) < 1.6, "evenly spaced on a log scale: " + x);
            }
            for (int i = 0; i < x.size(); i++) {
                assertEquals(fixture.users.predictHitRatio(Math.round(x.get(i))).getAsDouble(), y.get(i), 1e-6,
                        "the cache's own prediction at " + x.get(i));
            }
            assertTrue(y.get(y.size() - 1) > 0.9, "1000 entries hold every key: all but the first lookups hit: " + y);
            assertTrue(y.get(0) < 0.2, "10 entries hold almost nothing of a cycle over 200 keys: " + y);
            assertEquals(fixture.users.missRatioCurve().orElseThrow().references(), lookups, lookups * 0.05,
                    "every lookup sampled: a small key space");
        }
    }

    @Test
    void thePageAndItsFilesAreServedAsWrittenWithTheirPolicy() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashfiles", dir, b -> b)) {
            assertEquals(fixture.base().resolve("/trimtab/"), fixture.trimtab.dashboardUrl().orElseThrow());
            assertFile(fixture, "/trimtab/", "text/html", "/io/trimtab/dashboard/index.html");
            for (String script : StaticFiles.SCRIPTS) {
                assertFile(fixture, "/trimtab/" + script, "text/javascript", "/io/trimtab/dashboard/" + script);
            }
            assertFile(fixture, "/trimtab/app.css", "text/css", "/io/trimtab/dashboard/app.css");
            assertFile(fixture, "/trimtab/vendor/uPlot.iife.min.js", "text/javascript",
                    "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js");
            assertFile(fixture, "/trimtab/vendor/uPlot.min.css", "text/css", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");
            // Resource filtering must leave the page's own files alone.
            List<String> files = new ArrayList<>(StaticFiles.SCRIPTS);
            files.addAll(List.of("index.html", "app.css"));
            for (String file : files) {
                assertArrayEquals(Files.readAllBytes(Path.of("src/main/resources/io/trimtab/dashboard", file)),
                        bytes(fixture, "/trimtab/" + file.replace("index.html", "")).body(), file);
            }
            String page = get(fixture, "/trimtab/").body();
            assertFalse(page.contains("<script>") || page.contains("style="), "no inline script or style");
            List<String> loaded = new ArrayList<>();
            Matcher script = Pattern.compile("<script src=\"([^\"]+)\" defer></script>").matcher(page);
            while (script.find()) {
                loaded.add(script.group(1));
            }
            List<String> expected = new ArrayList<>(List.of("vendor/uPlot.iife.min.js"));
            expected.addAll(StaticFiles.SCRIPTS);
            assertEquals(expected, loaded, "the page loads uPlot, then each of its scripts, in order");

            RawHttp.Answer head = RawHttp.send(fixture.base(), "HEAD", "/trimtab/api/state", null, Map.of(), false);
            assertEquals(200, head.status());
            assertEquals("", head.body());
            assertEquals(DashboardServlet.CONTENT_SECURITY_POLICY, head.header("Content-Security-Policy"));
            assertEquals(301, get(fixture, "/trimtab").status());
        }
    }

    @Test
    void unknownPathsAreNotFoundAndOnlyGetAndHeadAreAllowed() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashrefuse", dir, b -> b)) {
            for (String path : List.of("/trimtab/nothing", "/trimtab/api/state/more", "/trimtab/api", "/trimtab/index.html",
                    "/trimtab/vendor/uPlot.esm.js", "/trimtab/vendor/", "/trimtab/app.js/x")) {
                RawHttp.Answer answer = get(fixture, path);
                assertEquals(404, answer.status(), path);
                assertEquals(DashboardServlet.CONTENT_SECURITY_POLICY, answer.header("Content-Security-Policy"), path);
                assertEquals("nosniff", answer.header("X-Content-Type-Options"), path);
            }
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
                for (String path : List.of("/trimtab/api/state", "/trimtab/")) {
                    RawHttp.Answer answer = RawHttp.send(fixture.base(), method, path, "{}", Map.of("Content-Type", "application/json"), false);
                    assertEquals(405, answer.status(), method + " " + path);
                    assertEquals("GET, HEAD", answer.header("Allow"), method + " " + path);
                    assertEquals(DashboardServlet.CONTENT_SECURITY_POLICY, answer.header("Content-Security-Policy"));
                    assertFalse(answer.body().contains("users"), answer.body());
                }
            }
        }
    }

    @Test
    void withCredentialsConfiguredAViewerWithoutThemGets401AndNoData() throws Exception {
        try (DashboardFixture fixture = DashboardFixture.start("dashauth", dir, b -> b.jolokiaCredentials("ops", "s3cret-pass"))) {
            fixture.lookups(3, 1);
            fixture.sample();
            String good = "Basic " + Base64.getEncoder().encodeToString("ops:s3cret-pass".getBytes(StandardCharsets.UTF_8));
            String bad = "Basic " + Base64.getEncoder().encodeToString("ops:guess".getBytes(StandardCharsets.UTF_8));
            for (String path : List.of("/trimtab/api/state", "/trimtab/", "/trimtab/app.js")) {
                for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", bad))) {
                    RawHttp.Answer refused = RawHttp.send(fixture.base(), "GET", path, null, headers, false);
                    assertEquals(401, refused.status(), path + " " + headers);
                    assertFalse(refused.body().contains("users") || refused.body().contains("hitRatio")
                            || refused.body().contains("uPlot"), refused.body());
                }
            }
            RawHttp.Answer allowed = RawHttp.send(fixture.base(), "GET", "/trimtab/api/state", null, Map.of("Authorization", good), false);
            assertEquals(200, allowed.status(), allowed.body());
            assertTrue(allowed.body().contains("cache.users.hitRatio"), allowed.body());
        }
    }

    @Test
    void canExecIsWhatTheAccessPolicySaysOfAnExecOnTheOptimizer() throws Exception {
        Path policy = DashboardFixture.readOnlyPolicy(dir);
        try (DashboardFixture fixture = DashboardFixture.start("dashro", dir, b -> b.jolokiaPolicy(policy))) {
            assertEquals(false, state(fixture).get("canExec"));
            Map<String, Object> refused = new JolokiaHttp(fixture.trimtab.jolokiaUrl().orElseThrow()).post(
                    "{\"type\":\"exec\",\"mbean\":\"test.dashro:type=Optimizer,name=dashro\",\"operation\":\"setKnob\","
                            + "\"arguments\":[\"cache.users.maxEntries\",200]}");
            assertEquals(403, ((Number) refused.get("status")).intValue(), refused.toString());
            assertEquals(100, fixture.users.maxEntries());
        }
    }

    private static void assertFile(DashboardFixture fixture, String path, String type, String resource) throws Exception {
        HttpResponse<byte[]> answer = bytes(fixture, path);
        assertEquals(200, answer.statusCode(), path);
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith(type), path);
        assertEquals(DashboardServlet.CONTENT_SECURITY_POLICY, answer.headers().firstValue("Content-Security-Policy").orElse(null));
        assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(null));
        try (InputStream expected = DashboardHttpTest.class.getResourceAsStream(resource)) {
            assertNotNull(expected, resource);
            assertArrayEquals(expected.readAllBytes(), answer.body(), path);
        }
    }

    private static HttpResponse<byte[]> bytes(DashboardFixture fixture, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(fixture.base().resolve(path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static RawHttp.Answer get(DashboardFixture fixture, String path) {
        return RawHttp.send(fixture.base(), "GET", path, null, Map.of(), false);
    }

    static Map<String, Object> state(DashboardFixture fixture) {
        RawHttp.Answer answer = get(fixture, "/trimtab/api/state");
        assertEquals(200, answer.status(), answer.body());
        return object(JolokiaHttp.parse(answer.body()));
    }

    static Map<String, Object> resource(Map<String, Object> state, String kind, String name) {
        return list(state.get("resources")).stream().map(DashboardHttpTest::object)
                .filter(r -> r.get("kind").equals(kind) && r.get("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + name + " not in " + state.get("resources")));
    }

    static Map<String, Object> signal(Map<String, Object> resource, String name) {
        return list(resource.get("signals")).stream().map(DashboardHttpTest::object).filter(s -> s.get("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(name + " not in " + resource));
    }

    static List<Double> values(Map<String, Object> signal) {
        List<Double> values = new ArrayList<>();
        for (Object v : list(signal.get("v"))) {
            values.add(v == null ? null : ((Number) v).doubleValue());
        }
        return values;
    }

    static List<Double> numbers(Object json) {
        List<Double> numbers = new ArrayList<>();
        for (Object n : list(json)) {
            numbers.add(n == null ? null : ((Number) n).doubleValue());
        }
        return numbers;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object json) {
        return (Map<String, Object>) json;
    }

    static List<?> list(Object json) {
        return (List<?>) json;
    }
}
