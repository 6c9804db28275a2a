package io.trimtab.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One GET of {@code /metrics} over HTTP, and its Prometheus text format read into samples as Prometheus reads them. */
record Scrape(int status, String contentType, String body) {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One line of the exposition: the series name with its labels and the value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Scrape get(URI url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Scrape(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (sample.group(3) != null) {
                Matcher label = LABEL.matcher(sample.group(3));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(sample.group(1), labels, Double.parseDouble(sample.group(4))));
        }
        return samples;
    }

    /** The value of the one series of {@code name} whose labels include {@code labels} (name, value, ...). */
    Optional<Double> find(String name, String... labels) {
        List<Sample> matching = samples().stream().filter(s -> s.name().equals(name) && hasLabels(s, labels)).toList();
        if (matching.size() > 1) {
            throw new AssertionError(matching.size() + " series match " + name + " " + List.of(labels) + ": " + matching);
        }
        return matching.stream().findFirst().map(Sample::value);
    }

    /** Like {@link #find}, failing with the whole scrape when there is no such series. */
    double value(String name, String... labels) {
        return find(name, labels).orElseThrow(() -> new AssertionError("no series " + name + " " + List.of(labels)
                + " in\n" + body));
    }

    /** The labels of the series of {@code name} matching {@code labels}. */
    List<Map<String, String>> labelsOf(String name, String... labels) {
        return samples().stream().filter(s -> s.name().equals(name) && hasLabels(s, labels)).map(Sample::labels).toList();
    }

    private static boolean hasLabels(Sample sample, String... labels) {
        for (int i = 0; i < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }
}
