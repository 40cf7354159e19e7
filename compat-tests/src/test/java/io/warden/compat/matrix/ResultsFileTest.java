package io.warden.compat.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warden.compat.matrix.TestResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {

    @Test
    void writesAndReadsBackEveryField(@TempDir Path dir) throws IOException {
        TestResult annotated = new TestResult("a.B", "m", List.of("B", "m(Kind)"), "warden", false, Outcome.FAILED,
                "quote \" backslash \\ tab\t control \u0001 unicode é\nsecond line",
                Optional.of(new TestResult.Placement(CompatClient.NODE, List.of(CompatFeature.WATCHES, CompatFeature.CRUD))));
        TestResult plain = new TestResult("a.B", "", List.of(), "", true, Outcome.DISABLED, "", Optional.empty());
        ResultsFile file = new ResultsFile("a.B", Instant.parse("2025-01-02T03:04:05.123Z"), List.of(annotated, plain));
        file.writeTo(dir);
        new ResultsFile("a.A", Instant.EPOCH, List.of()).writeTo(dir);

        List<ResultsFile> read = ResultsFile.readAll(dir);
        assertEquals(List.of("a.A", "a.B"), read.stream().map(ResultsFile::className).toList());
        assertEquals(file, read.get(1));
        assertEquals("quote \" backslash \\ tab\t control \u0001 unicode é", read.get(1).results().get(0).message(),
                "only the first line of a message is kept");
    }

    @Test
    void aFileOfAnotherFormatIsIgnoredAndABrokenOneNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x.json"), "{\"format\": 99, \"className\": \"x\"}");
        assertEquals(List.of(), ResultsFile.readAll(dir));
        Files.writeString(dir.resolve("y.json"), "{\"format\": 1, \"className\": ");
        IOException e = assertThrows(IOException.class, () -> ResultsFile.readAll(dir));
        assertTrue(e.getMessage().contains("y.json"), e.getMessage());
        assertEquals(List.of(), ResultsFile.readAll(dir.resolve("missing")));
    }
}
