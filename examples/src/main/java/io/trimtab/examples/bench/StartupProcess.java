package io.trimtab.examples.bench;

import io.trimtab.Trimtab;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh JVM for {@code startup}: its heap after a full collection before and after starting a runtime (which
 * answers one Jolokia request), and how long that first start took, loading the libraries' classes. Prints
 * {@code retained <bytes> first-start <nanos>}.
 */
public final class StartupProcess {

    private StartupProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("trimtab-bench-startup");
        try {
            long before = heapAfterGc();
            long started = System.nanoTime();
            try (Trimtab trimtab = StartupScenario.start(dataDir, "startup-fresh")) {
                StartupScenario.answer(trimtab.jolokiaUrl().orElseThrow());
                long firstStart = System.nanoTime() - started;
                System.out.println("retained " + (heapAfterGc() - before) + " first-start " + firstStart);
            }
        } finally {
            JolokiaFleet.deleteTree(dataDir);
        }
        System.exit(0);
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
