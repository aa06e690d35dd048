package io.deltacat.compat.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Every packaged scenario, in run order, and their selection by glob. */
public final class Scenarios {
    private Scenarios() {
    }

    /** Every scenario, read-only ones first. */
    public static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        all.addAll(CatalogScenarios.all());
        all.addAll(AuthScenarios.all());
        all.addAll(DataScenarios.all());
        all.addAll(TransactionScenarios.all());
        all.addAll(JobScenarios.all());
        all.addAll(PipelineScenarios.all());
        all.addAll(StorageScenarios.all());
        all.addAll(PackdsScenarios.all());
        all.addAll(McpScenarios.all());
        List<Scenario> ordered = new ArrayList<>(all.stream().filter(Scenario::readOnly).toList());
        ordered.addAll(all.stream().filter(s -> !s.readOnly()).toList());
        return ordered;
    }

    /**
     * The scenarios matching any of {@code globs} ({@code *} and {@code ?} within a segment, {@code **}
     * across segments); all of them when {@code globs} is empty.
     *
     * @throws IllegalArgumentException when a glob matches no scenario (a typo would silently run nothing)
     */
    public static List<Scenario> select(List<String> globs) {
        List<Scenario> all = all();
        if (globs.isEmpty()) {
            return all;
        }
        List<Pattern> patterns = new ArrayList<>();
        for (String g : globs) {
            Pattern p = glob(g.strip());
            if (all.stream().noneMatch(s -> p.matcher(s.name()).matches())) {
                throw new IllegalArgumentException("--scenarios '" + g + "' matches no scenario; known: "
                        + String.join(", ", all.stream().map(Scenario::name).toList()));
            }
            patterns.add(p);
        }
        return all.stream().filter(s -> patterns.stream().anyMatch(p -> p.matcher(s.name()).matches())).toList();
    }

    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
