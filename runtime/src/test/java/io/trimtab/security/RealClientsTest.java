package io.trimtab.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.tools.attach.VirtualMachine;
import io.trimtab.Trimtab;
import io.trimtab.testing.Probe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanParameterInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.jolokia.client.JolokiaClient;
import org.jolokia.client.JolokiaClientBuilder;
import org.jolokia.client.exception.JolokiaRemoteException;
import org.jolokia.client.request.JolokiaExecRequest;
import org.jolokia.client.request.JolokiaReadRequest;
import org.jolokia.client.request.JolokiaWriteRequest;
import org.jolokia.client.response.JolokiaExecResponse;
import org.jolokia.client.response.JolokiaReadResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients operators use: Jolokia's Java client and its JavaScript client (under Node, when Node and the
 * package can be installed: {@code npm ci} into {@code target/jolokia-js}) over HTTP, and JMX through the attach API
 * like JConsole.
 */
class RealClientsTest {

    private static final String PROBE = "test.clients:type=Probe,name=probe";

    @TempDir
    Path dataDir;

    private Trimtab start() {
        Trimtab trimtab = Trimtab.builder().name("clients").jmxDomain("test.clients").dataDir(dataDir).jolokiaPort(0)
                .jolokiaCredentials("ops", "client-secret").start();
        Probe.register(trimtab, new Probe());
        return trimtab;
    }

    @Test
    void theJolokiaJavaClientReadsWritesExecutesAndIsToldNo() throws Exception {
        try (Trimtab trimtab = start();
             JolokiaClient client = new JolokiaClientBuilder().url(trimtab.jolokiaUrl().orElseThrow())
                     .user("ops").password("client-secret").build()) {
            JolokiaReadResponse name = client.execute(new JolokiaReadRequest("test.clients:type=Runtime,name=clients", "Name"));
            assertEquals("clients", name.getValue());

            client.execute(new JolokiaWriteRequest(PROBE, "Limit", 33));
            JolokiaReadResponse limit = client.execute(new JolokiaReadRequest(PROBE, "Limit"));
            assertEquals(33, ((Number) limit.getValue()).intValue());
            JolokiaExecResponse sum = client.execute(new JolokiaExecRequest(PROBE, "add", 40, 2));
            assertEquals(42, ((Number) sum.getValue()).intValue());

            JolokiaRemoteException denied = assertThrows(JolokiaRemoteException.class, () -> client.execute(
                    new JolokiaExecRequest("com.sun.management:type=DiagnosticCommand", "vmSystemProperties")));
            assertEquals(403, denied.getStatus());
            assertTrue(denied.getMessage().contains("Operation vmSystemProperties forbidden"), denied.getMessage());

            JolokiaRemoteException invalid = assertThrows(JolokiaRemoteException.class, () -> client.execute(
                    new JolokiaWriteRequest(PROBE, "Limit", 0)));
            assertTrue(invalid.getStatus() >= 400, "status " + invalid.getStatus());
            assertTrue(invalid.getMessage().contains("limit must be between 1 and 100 but was 0"), invalid.getMessage());
            assertEquals(33, ((Number) client.execute(new JolokiaReadRequest(PROBE, "Limit")).getValue()).intValue());
        }
        try (Trimtab trimtab = start();
             JolokiaClient anonymous = new JolokiaClientBuilder().url(trimtab.jolokiaUrl().orElseThrow()).build()) {
            Exception refused = assertThrows(Exception.class,
                    () -> anonymous.execute(new JolokiaReadRequest("test.clients:type=Runtime,name=clients", "Name")));
            assertTrue(refused.getMessage().contains("401"), refused.getMessage());
        }
    }

    @Test
    void jolokiaJsUnderNodeReadsWritesExecutesAndIsToldNo() throws Exception {
        assumeTrue(runs("node", "--version"), "node is not on the PATH");
        Path project = installJolokiaJs();
        Path script = project.resolve("jolokia-client-check.mjs");
        try (Trimtab trimtab = start()) {
            ProcessBuilder node = new ProcessBuilder("node", script.toString(), trimtab.jolokiaUrl().orElseThrow().toString(),
                    "ops", PROBE).directory(project.toFile()).redirectErrorStream(true);
            node.environment().put("JOLOKIA_PASSWORD", "client-secret");
            Process process = node.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "node did not finish: " + output);
            assertEquals(0, process.exitValue(), output);
            assertTrue(output.contains("read, write, exec, 403 and 401 as expected"), output);
        }
    }

    /**
     * Copies the script and its lock file to target/ and installs jolokia.js there with {@code npm ci}, once per
     * build; skips the test where npm or the registry cannot be reached.
     */
    private static Path installJolokiaJs() throws IOException, InterruptedException {
        Path sources = Path.of("src/test/js").toAbsolutePath();
        Path project = Path.of("target/jolokia-js").toAbsolutePath();
        if (!Files.isDirectory(project.resolve("node_modules/jolokia.js"))) {
            Files.createDirectories(project);
            for (String file : List.of("package.json", "package-lock.json", "jolokia-client-check.mjs")) {
                Files.copy(sources.resolve(file), project.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            assumeTrue(runsIn(project, "npm", "ci", "--no-audit", "--no-fund"), "npm ci could not install jolokia.js");
        }
        Files.copy(sources.resolve("jolokia-client-check.mjs"), project.resolve("jolokia-client-check.mjs"),
                StandardCopyOption.REPLACE_EXISTING);
        return project;
    }

    private static boolean runs(String... command) throws InterruptedException {
        return runsIn(Path.of("."), command);
    }

    private static boolean runsIn(Path directory, String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException notInstalled) {
            return false;
        }
    }

    @Test
    void jmxThroughTheAttachApiListsEveryTrimtabBeanWithItsDescriptions() throws Exception {
        try (Trimtab trimtab = start()) {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(ProcessHandle.current().pid()));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
                MBeanServerConnection connection = connector.getMBeanServerConnection();
                Set<ObjectName> names = connection.queryNames(new ObjectName("test.clients:*"), null);
                assertEquals(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("test.clients:*"), null), names);
                assertTrue(names.containsAll(Set.of(new ObjectName("test.clients:type=Runtime,name=clients"),
                        new ObjectName("test.clients:type=Optimizer,name=clients"), new ObjectName(PROBE))), names.toString());
                List<String> undescribed = new ArrayList<>();
                for (ObjectName name : names) {
                    MBeanInfo info = connection.getMBeanInfo(name);
                    check(undescribed, name.toString(), info.getDescription());
                    for (MBeanAttributeInfo attribute : info.getAttributes()) {
                        check(undescribed, name + " " + attribute.getName(), attribute.getDescription());
                    }
                    for (MBeanOperationInfo operation : info.getOperations()) {
                        check(undescribed, name + " " + operation.getName(), operation.getDescription());
                        for (MBeanParameterInfo parameter : operation.getSignature()) {
                            check(undescribed, name + " " + operation.getName() + "(" + parameter.getName() + ")", parameter.getDescription());
                            assertFalse(parameter.getName().matches("p\\d+"), "parameter name " + parameter.getName());
                        }
                    }
                }
                assertEquals(List.of(), undescribed);
                assertEquals(42L, connection.invoke(new ObjectName(PROBE), "add", new Object[] {40L, 2L}, new String[] {"long", "long"}));
            }
        }
    }

    private static void check(List<String> undescribed, String what, String description) {
        if (description == null || description.isBlank() || description.startsWith("Attribute exposed")
                || description.startsWith("Operation exposed") || description.equals(what)) {
            undescribed.add(what + ": " + description);
        }
    }
}
