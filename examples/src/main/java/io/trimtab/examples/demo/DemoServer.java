package io.trimtab.examples.demo;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * {@code java -jar examples/target/trimtab-demo.jar [--port N] [--no-load]}: starts the demo, prints where
 * to look, and on SIGTERM or Ctrl-C closes everything and exits 0.
 */
public final class DemoServer {

    private DemoServer() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Handled rather than left to shutdown hooks, so that a requested stop exits 0 and not 143.
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());

        try (Demo demo = Demo.start(options)) {
            String jolokia = demo.trimtab().jolokiaUrl().map(Object::toString).orElse(null);
            System.out.println();
            System.out.println("Trimtab demo serving users at " + demo.url() + "users/42");
            demo.trimtab().dashboardUrl().ifPresent(dashboard -> System.out.println("Dashboard: " + dashboard));
            if (jolokia != null) {
                String runtime = demo.trimtab().objectName().toString();
                System.out.println("Jolokia: " + jolokia);
                System.out.println("  curl -s " + jolokia + "read/" + runtime);
                System.out.println("  curl -s " + jolokia + "search/" + demo.trimtab().jmxDomain() + ":*");
            }
            System.out.println("JConsole or VisualVM: attach to this process; MBeans under " + demo.trimtab().jmxDomain());
            System.out.println("Ctrl-C stops the demo.");
            stop.await();
            System.out.println("Stopping the Trimtab demo");
        }
        System.exit(0);
    }
}
