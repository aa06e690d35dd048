package io.deltacat.io.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a format provider says it supports, which decides what {@link FormatProviderContract} checks.
 * Made once by {@link FormatProviderContract#capabilities()}, e.g.
 *
 * <pre>{@code
 * Capabilities.holding(Kind.core())
 *         .plus(Kind.UINT8, Kind.LARGE_UTF8)
 *         .minus(Kind.TIMESTAMP_S)
 *         .compression("zstd", "snappy", "none")
 *         .projectionPushdown()
 *         .predicatePruning(Map.of("row_group_size", "4096"))
 *         .knownIssue("timestamps[ts_ms: within the second before 1970]", "issue 15: ...");
 * }</pre>
 *
 * <p>Every capability is a promise the suite holds the provider to: a declared type must round-trip
 * exactly, an undeclared one must be refused before any byte is written.
 */
public final class Capabilities {
    private final EnumSet<Kind> types;
    private final List<String> compression = new ArrayList<>();
    private boolean projectionPushdown;
    private Map<String, String> pruningOptions;
    private boolean directoryShaped;
    private boolean footerStatistics;
    private boolean untypedFiles;
    private ReferenceFormat reference;
    private final Map<Pattern, String> knownIssues = new LinkedHashMap<>();

    private Capabilities(Set<Kind> types) {
        this.types = types.isEmpty() ? EnumSet.noneOf(Kind.class) : EnumSet.copyOf(types);
    }

    /** A provider holding columns of {@code types} (see {@link Kind#core()}). */
    public static Capabilities holding(Set<Kind> types) {
        return new Capabilities(types);
    }

    /** A provider holding columns of {@code types}. */
    public static Capabilities holding(Kind... types) {
        return new Capabilities(Set.of(types));
    }

    /** Also holds {@code more}. */
    public Capabilities plus(Kind... more) {
        types.addAll(Arrays.asList(more));
        return this;
    }

    /** Does not hold {@code less}: the suite expects them to be refused up front. */
    public Capabilities minus(Kind... less) {
        Arrays.asList(less).forEach(types::remove);
        return this;
    }

    /**
     * The values of the writer option {@code compression} the provider accepts; each must write a file
     * that reads back exactly, and an unknown codec must be refused. None: the provider has no such option.
     */
    public Capabilities compression(String... codecs) {
        compression.addAll(Arrays.asList(codecs));
        return this;
    }

    /** Reading a projection reads only the projected columns' bytes (checked by counting the bytes read). */
    public Capabilities projectionPushdown() {
        projectionPushdown = true;
        return this;
    }

    /**
     * The advisory filter skips data (row groups, stripes, blocks) that cannot match. {@code options} are
     * writer options that make small units, so that a file of 20,000 rows has several.
     */
    public Capabilities predicatePruning(Map<String, String> options) {
        pruningOptions = Map.copyOf(options);
        return this;
    }

    /** A data "file" is a directory (as a Lance dataset is): written under its URI, sized as its files' sum. */
    public Capabilities directoryShaped() {
        directoryShaped = true;
        return this;
    }

    /**
     * {@code inspect} reads statistics from the file's metadata instead of the default full read: the
     * suite checks they agree with the full read and that integer, date and timestamp bounds are known.
     */
    public Capabilities footerStatistics() {
        footerStatistics = true;
        return this;
    }

    /**
     * Files hold no exact Arrow types (CSV, JSON lines): the suite reads them with the written schema as
     * {@code ReadRequest.expectedSchema}, and does not expect arbitrary bytes to be refused as foreign.
     */
    public Capabilities untypedFiles() {
        untypedFiles = true;
        return this;
    }

    /** The format's reference implementation: the provider must read the files it writes (and the reverse). */
    public Capabilities reference(ReferenceFormat reference) {
        this.reference = reference;
        return this;
    }

    /**
     * Skips the cases matching {@code casePattern} (a case's display name; {@code *} matches any text),
     * reporting them as skipped with {@code reason}. For a known bug with an issue of its own: remove the
     * line when the bug is fixed.
     */
    public Capabilities knownIssue(String casePattern, String reason) {
        List<String> parts = new ArrayList<>();
        for (String part : casePattern.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        knownIssues.put(Pattern.compile(String.join(".*", parts)), reason);
        return this;
    }

    /** The kinds the provider holds. */
    public Set<Kind> types() {
        return Collections.unmodifiableSet(types);
    }

    public boolean holds(Kind kind) {
        return types.contains(kind);
    }

    public List<String> compressionCodecs() {
        return List.copyOf(compression);
    }

    public boolean projectionPushdownDeclared() {
        return projectionPushdown;
    }

    /** The writer options for the pruning check, when the provider prunes. */
    public Optional<Map<String, String>> pruningOptions() {
        return Optional.ofNullable(pruningOptions);
    }

    public boolean isDirectoryShaped() {
        return directoryShaped;
    }

    public boolean hasFooterStatistics() {
        return footerStatistics;
    }

    public boolean hasUntypedFiles() {
        return untypedFiles;
    }

    public Optional<ReferenceFormat> referenceFormat() {
        return Optional.ofNullable(reference);
    }

    /** Why the case named {@code caseName} is skipped, if a known issue covers it. */
    public Optional<String> knownIssue(String caseName) {
        for (Map.Entry<Pattern, String> e : knownIssues.entrySet()) {
            if (e.getKey().matcher(caseName).matches()) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }
}
