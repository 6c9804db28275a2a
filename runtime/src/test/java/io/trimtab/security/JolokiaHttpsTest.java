package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trimtab.Trimtab;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a keystore of the operator's, made here with the JDK's keytool. */
class JolokiaHttpsTest {

    private static final String STORE_PASSWORD = "changeit-tls";

    @TempDir
    Path dir;

    @Test
    void withAKeystoreTheAgentSpeaksHttpsOnly() throws Exception {
        Path keystore = dir.resolve("agent.p12");
        keytool(keystore);
        try (Trimtab trimtab = Trimtab.builder().name("tls").jmxDomain("test.tls").dataDir(dir).jolokiaPort(0)
                .jolokiaKeystore(keystore, STORE_PASSWORD).jolokiaCredentials("ops", "tls-secret").start()) {
            URI url = trimtab.jolokiaUrl().orElseThrow();
            assertEquals("https", url.getScheme());
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> read = client.send(HttpRequest.newBuilder(url.resolve("read/test.tls:type=Runtime,name=tls/Name"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("ops:tls-secret".getBytes()))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, read.statusCode());
            assertTrue(read.body().contains("\"value\":\"tls\""), read.body());

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI http = URI.create(url.toString().replace("https:", "http:"));
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(http.resolve("version"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance(keystore.toFile(), STORE_PASSWORD.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void keytool(Path keystore) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "trimtab",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), output);
    }
}
