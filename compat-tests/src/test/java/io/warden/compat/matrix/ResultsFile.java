package io.warden.compat.matrix;

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
import java.util.Map;
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
                } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
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
                .append(", \"className\": ").append(Json.quote(className))
                .append(", \"recordedAt\": ").append(Json.quote(recordedAt.toString()))
                .append(", \"results\": [");
        for (int i = 0; i < results.size(); i++) {
            out.append(i == 0 ? "\n  " : ",\n  ").append(resultJson(results.get(i)));
        }
        return out.append("\n]}\n").toString();
    }

    /** Parses {@link #toJson()} output; empty if the file has another {@link #FORMAT}. */
    @SuppressWarnings("unchecked")
    static Optional<ResultsFile> fromJson(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        if (!Long.valueOf(FORMAT).equals(root.get("format"))) {
            return Optional.empty();
        }
        String className = (String) root.get("className");
        List<TestResult> results = new ArrayList<>();
        for (Object item : (List<Object>) root.get("results")) {
            results.add(result(className, (Map<String, Object>) item));
        }
        return Optional.of(new ResultsFile(className, Instant.parse((String) root.get("recordedAt")), results));
    }

    private static String resultJson(TestResult result) {
        StringBuilder out = new StringBuilder("{\"method\": ").append(Json.quote(result.methodName()))
                .append(", \"containers\": [");
        for (int i = 0; i < result.containers().size(); i++) {
            out.append(i == 0 ? "" : ", ").append(Json.quote(result.containers().get(i)));
        }
        out.append("], \"invocation\": ").append(Json.quote(result.invocation()))
                .append(", \"dynamic\": ").append(result.dynamic())
                .append(", \"outcome\": ").append(Json.quote(result.outcome().name()))
                .append(", \"message\": ").append(Json.quote(result.message()));
        if (result.annotation().isPresent()) {
            TestResult.Placement placement = result.annotation().get();
            out.append(", \"client\": ").append(Json.quote(placement.client().name())).append(", \"features\": [");
            for (int i = 0; i < placement.features().size(); i++) {
                out.append(i == 0 ? "" : ", ").append(Json.quote(placement.features().get(i).name()));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static TestResult result(String className, Map<String, Object> item) {
        Optional<TestResult.Placement> annotation = Optional.empty();
        if (item.get("client") != null) {
            List<CompatFeature> features = ((List<Object>) item.get("features")).stream()
                    .map(name -> CompatFeature.valueOf((String) name)).toList();
            annotation = Optional.of(new TestResult.Placement(
                    CompatClient.valueOf((String) item.get("client")), features));
        }
        List<String> containers = ((List<Object>) item.get("containers")).stream().map(String.class::cast).toList();
        return new TestResult(className, (String) item.get("method"), containers, (String) item.get("invocation"),
                (Boolean) item.get("dynamic"), TestResult.Outcome.valueOf((String) item.get("outcome")),
                (String) item.get("message"), annotation);
    }
}
