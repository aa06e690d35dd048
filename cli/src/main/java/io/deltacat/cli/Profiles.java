package io.deltacat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Connection profiles, read from an INI file in the user's home ({@code ~/.deltacat/config}), like
 * the AWS CLI's config file:
 *
 * <pre>
 * # the profile used when none is named
 * [default]
 * server = http://localhost:8080
 *
 * [profile prod]
 * server = https://deltacat.example.com
 * token_file = ~/.deltacat/prod.token
 * namespace = robotics
 * output = json
 * </pre>
 *
 * <p>A section is {@code [NAME]} or {@code [profile NAME]}; lines are {@code key = value}; {@code #}
 * and {@code ;} start comments. Keys: {@code server}, {@code token_env} (an environment variable
 * holding the token), {@code token_file} (a file holding it, {@code ~} expanded), {@code namespace}
 * (default namespace of table commands), {@code output} ({@code table} or {@code json}). A secret is
 * never stored in this file itself. An unknown key, a line that is not a key/value or a section, or
 * a key outside a section is a {@link CliUsageException} naming the file and line.
 */
final class Profiles {
    /** The keys a profile may set. */
    static final Set<String> KEYS = Set.of("server", "token_env", "token_file", "namespace", "output");

    private final Path file;
    private final Map<String, Map<String, String>> profiles;

    private Profiles(Path file, Map<String, Map<String, String>> profiles) {
        this.file = file;
        this.profiles = profiles;
    }

    /** The default file: {@code $DELTACAT_CONFIG_FILE}, else {@code <user.home>/.deltacat/config}. */
    static Path defaultFile() {
        String env = System.getenv("DELTACAT_CONFIG_FILE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".deltacat", "config");
    }

    /** Reads {@code file}; a missing file has no profiles. */
    static Profiles load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Profiles(file, Map.of());
        } catch (IOException e) {
            throw new CliUsageException("cannot read the profile file " + file + ": " + e.getMessage());
        }
        Map<String, Map<String, String>> profiles = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String where = file + ":" + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw new CliUsageException(where + ": a section is [NAME] or [profile NAME], got '" + line + "'");
                }
                String name = line.substring(1, line.length() - 1).strip();
                if (name.startsWith("profile ")) {
                    name = name.substring("profile ".length()).strip();
                }
                if (name.isEmpty()) {
                    throw new CliUsageException(where + ": a profile needs a name");
                }
                current = profiles.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new CliUsageException(where + ": expected 'key = value', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(eq + 1).strip();
            if (current == null) {
                throw new CliUsageException(where + ": '" + key + "' is outside a [profile] section");
            }
            if (!KEYS.contains(key)) {
                throw new CliUsageException(where + ": unknown key '" + key + "'; known: " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
            current.put(key, value);
        }
        return new Profiles(file, profiles);
    }

    /** The file these profiles came from. */
    Path file() {
        return file;
    }

    /** The profile names, in file order. */
    Set<String> names() {
        return profiles.keySet();
    }

    /**
     * The settings of profile {@code name}.
     *
     * @param required whether a missing profile is an error (it was named explicitly)
     * @throws CliUsageException when {@code required} and the file has no such profile
     */
    Map<String, String> profile(String name, boolean required) {
        Map<String, String> p = profiles.get(name);
        if (p == null) {
            if (required) {
                throw new CliUsageException("no profile '" + name + "' in " + file
                        + (profiles.isEmpty() ? " (the file has no profiles)" : "; it has " + names()));
            }
            return Map.of();
        }
        return Map.copyOf(p);
    }

    /** A value of a profile, with a leading {@code ~/} expanded to the user's home for file keys. */
    static Optional<String> value(Map<String, String> profile, String key) {
        String v = profile.get(key);
        if (v == null || v.isEmpty()) {
            return Optional.empty();
        }
        if (key.endsWith("_file") && v.startsWith("~/")) {
            v = System.getProperty("user.home") + v.substring(1);
        }
        return Optional.of(v);
    }
}
