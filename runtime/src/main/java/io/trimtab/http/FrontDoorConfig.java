package io.trimtab.http;

import io.trimtab.config.TrimtabConfig;
import io.trimtab.config.TrimtabSettings;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the front door listens and whom it lets in: address and port, TLS, the one user, the browser origins and the
 * host names allowed besides loopback, and how long a client may take to send a request head or to take an answer.
 * Read from the {@code jolokia.*} settings.
 *
 * @param user     {@code null} for no authentication (loopback only, see {@link TrimtabConfig})
 * @param keystore {@code null} for plain HTTP
 */
public record FrontDoorConfig(InetAddress host, int port, String user, String password, Path keystore,
                              String keystorePassword, List<String> corsOrigins, List<String> allowedHosts,
                              Duration headTimeout, Duration writeTimeout) {

    public FrontDoorConfig {
        corsOrigins = List.copyOf(corsOrigins);
        allowedHosts = List.copyOf(allowedHosts);
    }

    public static FrontDoorConfig from(TrimtabConfig config) {
        return new FrontDoorConfig(config.get(TrimtabSettings.JOLOKIA_HOST), config.get(TrimtabSettings.JOLOKIA_PORT),
                config.get(TrimtabSettings.JOLOKIA_USER), config.get(TrimtabSettings.JOLOKIA_PASSWORD),
                config.get(TrimtabSettings.JOLOKIA_KEYSTORE), config.get(TrimtabSettings.JOLOKIA_KEYSTORE_PASSWORD),
                config.get(TrimtabSettings.JOLOKIA_CORS_ORIGINS), config.get(TrimtabSettings.JOLOKIA_ALLOWED_HOSTS),
                config.get(TrimtabSettings.JOLOKIA_HEAD_TIMEOUT), config.get(TrimtabSettings.JOLOKIA_WRITE_TIMEOUT));
    }

    @Override
    public String toString() {
        return "FrontDoorConfig[host=" + host.getHostAddress() + ", port=" + port + ", user=" + user
                + ", tls=" + (keystore != null) + ", corsOrigins=" + corsOrigins + ", allowedHosts=" + allowedHosts
                + ", headTimeout=" + headTimeout + ", writeTimeout=" + writeTimeout + "]";
    }
}
