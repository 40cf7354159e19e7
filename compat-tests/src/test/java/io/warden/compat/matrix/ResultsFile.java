package io.warden.compat.matrix;

import io.warden.recipe.json.Json;
import io.warden.recipe.json.JsonValue;
import io.warden.recipe.json.JsonValue.JsonArray;
import io.warden.recipe.json.JsonValue.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The results of one test class from one run: {@code target/compat-results/<class>.json}. One
 * file per class, so a run of a few classes replaces only their results and the matrix still
 * shows the others from their last run (each file says when it was recorded).
 *
 * @param className the test class
 * @param recordedAt when the run that produced these results ended
 * @param results what each test of the class did, in execution order
 */
public record ResultsFile(String className, Instant recordedAt, List<TestResult> results) {
    /** Version of the file layout; a file with another version is ignored, not misread. */
    static final long FORMAT = 1;
    /** At most this many files are read from a directory (the suite has a few dozen classes). */
    static final int MAX_FILES = 2_000;

    public ResultsFile {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(recordedAt, "recordedAt");
        results = List.copyOf(results);
    }

    /** Writes {@code <dir>/<className>.json}, replacing it atomically. */
    public Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(className + ".json");
        Path temporary = dir.resolve(className + ".json.tmp");
        Files.writeString(temporary, toJson(), StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * Every results file in {@code dir} (none if it does not exist), sorted by class name.
     *
     * @throws IOException if a file cannot be read or parsed, naming the file
     */
    public static List<ResultsFile> readAll(Path dir) throws IOException {
        List<ResultsFile> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            for (Path file : stream) {
                if (files.size() >= MAX_FILES) {
                    throw new IOException("more than " + MAX_FILES + " results files in " + dir);
                }
                try {
                    fromJson(Files.readString(file, StandardCharsets.UTF_8)).ifPresent(files::add);
                } catch (IllegalArgumentException | ClassCastException | NullPointerException
                        | java.util.NoSuchElementException e) {
                    throw new IOException("unreadable results file " + file + ": " + e.getMessage(), e);
                }
            }
        }
        files.sort(Comparator.comparing(ResultsFile::className));
        return files;
    }

    /** The JSON form (one result per line, so a diff of two runs reads well). */
    String toJson() {
        StringBuilder out = new StringBuilder();
        out.append("{\"format\": ").append(FORMAT)
                .append(", \"className\": ").append(quote(className))
                .append(", \"recordedAt\": ").append(quote(recordedAt.toString()))
                .append(", \"results\": [");
        for (int i = 0; i < results.size(); i++) {
            out.append(i == 0 ? "\n  " : ",\n  ").append(resultJson(results.get(i)));
        }
        return out.append("\n]}\n").toString();
    }

    /** Parses {@link #toJson()} output; empty if the file has another {@link #FORMAT}. */
    static Optional<ResultsFile> fromJson(String json) {
        JsonObject root = (JsonObject) Json.parse(json);
        if (root.number("format").filter(n -> n.longValueExact() == FORMAT).isEmpty()) {
            return Optional.empty();
        }
        String className = root.string("className").orElseThrow();
        List<TestResult> results = new ArrayList<>();
        for (JsonValue item : array(root, "results")) {
            results.add(result(className, (JsonObject) item));
        }
        return Optional.of(new ResultsFile(className, Instant.parse(root.string("recordedAt").orElseThrow()),
                results));
    }

    private static String quote(String s) {
        return Json.write(JsonValue.of(s));
    }

    private static List<JsonValue> array(JsonObject o, String key) {
        return ((JsonArray) o.get(key).orElseThrow()).elements();
    }

    private static List<String> strings(JsonObject o, String key) {
        return array(o, key).stream().map(v -> ((JsonValue.JsonString) v).value()).toList();
    }

    private static String resultJson(TestResult result) {
        StringBuilder out = new StringBuilder("{\"method\": ").append(quote(result.methodName()))
                .append(", \"containers\": [");
        for (int i = 0; i < result.containers().size(); i++) {
            out.append(i == 0 ? "" : ", ").append(quote(result.containers().get(i)));
        }
        out.append("], \"invocation\": ").append(quote(result.invocation()))
                .append(", \"dynamic\": ").append(result.dynamic())
                .append(", \"outcome\": ").append(quote(result.outcome().name()))
                .append(", \"message\": ").append(quote(result.message()));
        if (result.annotation().isPresent()) {
            TestResult.Placement placement = result.annotation().get();
            out.append(", \"client\": ").append(quote(placement.client().name())).append(", \"features\": [");
            for (int i = 0; i < placement.features().size(); i++) {
                out.append(i == 0 ? "" : ", ").append(quote(placement.features().get(i).name()));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    private static TestResult result(String className, JsonObject item) {
        Optional<TestResult.Placement> annotation = Optional.empty();
        if (item.string("client").isPresent()) {
            List<CompatFeature> features = strings(item, "features").stream().map(CompatFeature::valueOf).toList();
            annotation = Optional.of(new TestResult.Placement(
                    CompatClient.valueOf(item.string("client").orElseThrow()), features));
        }
        return new TestResult(className, item.string("method").orElseThrow(), strings(item, "containers"),
                item.string("invocation").orElseThrow(), item.bool("dynamic").orElseThrow(),
                TestResult.Outcome.valueOf(item.string("outcome").orElseThrow()),
                item.string("message").orElseThrow(), annotation);
    }
}
