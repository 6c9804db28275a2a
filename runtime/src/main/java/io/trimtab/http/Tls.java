package io.trimtab.http;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty's TLS with the key and certificate of a keystore (PKCS12 or JKS, told apart by content). */
final class Tls {

    private Tls() {
    }

    /**
     * @throws IllegalArgumentException if the keystore cannot be read or holds no key; the message names the file,
     *                                  never the password
     */
    static SslContextFactory.Server serverFactory(Path keystore, String password) {
        KeyStore store;
        try {
            store = KeyStore.getInstance(keystore.toFile(), password.toCharArray());
            if (!hasKey(store)) {
                throw new GeneralSecurityException("it holds no private key");
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config jolokia.keystore=" + keystore + " cannot be used: " + e.getMessage(), e);
        }
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStore(store);
        factory.setKeyStorePassword(password);
        factory.setKeyManagerPassword(password);
        return factory;
    }

    private static boolean hasKey(KeyStore store) throws GeneralSecurityException {
        for (var aliases = store.aliases(); aliases.hasMoreElements(); ) {
            if (store.isKeyEntry(aliases.nextElement())) {
                return true;
            }
        }
        return false;
    }
}
