package io.trimtab.internal;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** An HTTPS server with the key and certificate of a keystore (PKCS12 or JKS, told apart by content). */
final class Tls {

    private Tls() {
    }

    /**
     * @throws IllegalArgumentException if the keystore cannot be read or holds no usable key; the message
     *                                  names the file, never the password
     */
    static HttpsServer bindHttps(InetSocketAddress address, Path keystore, String password) {
        SSLContext context;
        try {
            char[] secret = password.toCharArray();
            KeyStore store = KeyStore.getInstance(keystore.toFile(), secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config jolokia.keystore=" + keystore + " cannot be used: " + e.getMessage(), e);
        }
        try {
            HttpsServer server = HttpsServer.create(address, 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context));
            return server;
        } catch (BindException e) {
            throw JolokiaEndpoint.cannotBind(address, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Jolokia cannot open an HTTPS server: " + e.getMessage(), e);
        }
    }
}
