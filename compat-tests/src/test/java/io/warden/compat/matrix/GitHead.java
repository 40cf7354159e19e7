package io.warden.compat.matrix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The commit a checkout is at, read from {@code .git} files (no {@code git} process): HEAD, the
 * loose ref it names, or {@code packed-refs}; a {@code .git} file ({@code gitdir:}, a worktree)
 * is followed once. Empty when any of it is missing or unexpected.
 *
 * <p>Stateless; thread-safe.
 */
final class GitHead {
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");
    private static final int SHORT_LENGTH = 12;

    private GitHead() {}

    /** The abbreviated commit of the checkout at {@code root}. */
    static Optional<String> commit(Path root) {
        try {
            Optional<Path> gitDir = gitDir(root.resolve(".git"));
            if (gitDir.isEmpty()) {
                return Optional.empty();
            }
            String head = read(gitDir.get().resolve("HEAD"));
            if (SHA.matcher(head).matches()) {
                return Optional.of(head.substring(0, SHORT_LENGTH));
            }
            if (!head.startsWith("ref: ")) {
                return Optional.empty();
            }
            String ref = head.substring("ref: ".length());
            Optional<String> sha = resolve(gitDir.get(), ref);
            if (sha.isEmpty()) {
                Optional<Path> common = commonDir(gitDir.get());
                sha = common.isPresent() ? resolve(common.get(), ref) : Optional.empty();
            }
            return sha.map(full -> full.substring(0, SHORT_LENGTH));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> gitDir(Path dotGit) throws IOException {
        if (Files.isDirectory(dotGit)) {
            return Optional.of(dotGit);
        }
        if (!Files.isRegularFile(dotGit)) {
            return Optional.empty();
        }
        String pointer = read(dotGit);
        if (!pointer.startsWith("gitdir: ")) {
            return Optional.empty();
        }
        Path dir = dotGit.getParent().resolve(pointer.substring("gitdir: ".length())).normalize();
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /** A worktree's shared repository ({@code commondir}), where branch refs live. */
    private static Optional<Path> commonDir(Path gitDir) throws IOException {
        Path file = gitDir.resolve("commondir");
        return Files.isRegularFile(file) ? Optional.of(gitDir.resolve(read(file)).normalize()) : Optional.empty();
    }

    private static Optional<String> resolve(Path gitDir, String ref) {
        try {
            Path loose = gitDir.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = read(loose);
                return SHA.matcher(sha).matches() ? Optional.of(sha) : Optional.empty();
            }
            Path packed = gitDir.resolve("packed-refs");
            if (!Files.isRegularFile(packed)) {
                return Optional.empty();
            }
            return Files.readAllLines(packed, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.endsWith(" " + ref))
                    .map(line -> line.substring(0, line.indexOf(' ')))
                    .filter(sha -> SHA.matcher(sha).matches()).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
