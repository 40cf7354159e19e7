package io.warden.compat.diff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scenario catalog, in run order. {@link InitialTreeScenarios} comes first: it reads the
 * fresh root, which every later scenario changes (each works under its own {@code /name}).
 *
 * <p>Stateless.
 */
final class Scenarios {
    private Scenarios() {
    }

    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(InitialTreeScenarios.all());
        all.addAll(CreateScenarios.all());
        all.addAll(NodeScenarios.all());
        all.addAll(AclScenarios.all());
        all.addAll(MultiScenarios.all());
        all.addAll(QuotaScenarios.all());
        all.addAll(WatchScenarios.all());
        all.addAll(SessionScenarios.all());
        all.addAll(JavaClientScenarios.all());
        Set<String> names = new HashSet<>();
        for (Scenario s : all) {
            if (!names.add(s.name())) {
                throw new IllegalStateException("duplicate scenario name " + s.name());
            }
        }
        return List.copyOf(all);
    }
}
