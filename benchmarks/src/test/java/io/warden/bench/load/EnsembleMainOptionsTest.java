package io.warden.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleMainOptionsTest {
    @Test
    void defaultsMeasureBothEnsemblesLongerThanQuick() {
        EnsembleMain.Options full = EnsembleMain.Options.parse(new String[0]);
        EnsembleMain.Options quick = EnsembleMain.Options.parse(new String[] {"--quick"});
        assertFalse(full.quick());
        assertTrue(quick.quick());
        assertEquals(List.of(Target.ZOOKEEPER, Target.WARDEN), full.targets());
        assertTrue(quick.measureMs() < full.measureMs());
        assertTrue(quick.failovers() < full.failovers());
        assertTrue(quick.failovers() >= 3, "a median needs a few failovers");
        assertTrue(quick.ensembleWarmupMs() > 0 && quick.ensembleWarmupMs() < full.ensembleWarmupMs(),
                "both ensembles are warmed up before they are measured");
    }

    @Test
    void optionsOverrideDefaults() {
        EnsembleMain.Options o = EnsembleMain.Options.parse(new String[] {"--quick", "--targets", "warden",
            "--clients", "4", "--failovers", "7", "--warden-jar", "/x.jar", "--out", "/tmp/o",
            "--ensemble-warmup-ms", "0", "--runs", "write-via-follower,write"});
        assertEquals(List.of(Target.WARDEN), o.targets());
        assertEquals(4, o.clients());
        assertEquals(7, o.failovers());
        assertEquals(Path.of("/x.jar"), o.wardenJar());
        assertEquals(Path.of("/tmp/o"), o.outDir());
        assertEquals(0, o.ensembleWarmupMs());
        assertEquals(List.of(EnsembleMain.Run.WRITE_VIA_FOLLOWER, EnsembleMain.Run.WRITE), o.runs());
        assertEquals(List.of(EnsembleMain.Run.values()), EnsembleMain.Options.parse(new String[0]).runs());
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> EnsembleMain.Options.parse(new String[] {"--failovers", "0"}));
        assertThrows(IllegalArgumentException.class,
                () -> EnsembleMain.Options.parse(new String[] {"--nope", "1"}));
        assertThrows(IllegalArgumentException.class,
                () -> EnsembleMain.Options.parse(new String[] {"--clients"}));
        assertThrows(IllegalArgumentException.class,
                () -> EnsembleMain.Options.parse(new String[] {"--ensemble-warmup-ms", "-1"}));
        assertThrows(IllegalArgumentException.class,
                () -> EnsembleMain.Options.parse(new String[] {"--runs", "write-via-observer"}));
    }
}
