package io.trimtab.examples.demo;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo's command line.
 *
 * @param port       the demo's own HTTP port, {@code 0} for any free port
 * @param load       whether the built-in load generator runs
 * @param configFile an optional Trimtab config file (properties)
 * @param dataDir    overrides Trimtab's {@code dataDir}, where the demo's SQLite file lives too
 */
public record DemoOptions(int port, boolean load, Optional<Path> configFile, Optional<Path> dataDir) {

    static final String USAGE = "usage: java -jar trimtab-demo.jar [--port N] [--no-load] [--config FILE] [--data-dir DIR]";

    public static DemoOptions parse(String... args) {
        int port = 8080;
        boolean load = true;
        Path config = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port":
                    port = parsePort(value(args, ++i, "--port"));
                    break;
                case "--no-load":
                    load = false;
                    break;
                case "--config":
                    config = Path.of(value(args, ++i, "--config"));
                    break;
                case "--data-dir":
                    dataDir = Path.of(value(args, ++i, "--data-dir"));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        return new DemoOptions(port, load, Optional.ofNullable(config), Optional.ofNullable(dataDir));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int parsePort(String raw) {
        try {
            int port = Integer.parseInt(raw);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--port " + raw + " must be between 0 and 65535");
    }
}
