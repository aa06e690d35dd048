package io.deltacat.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Packs a Python module (a package directory or one {@code .py} file) into the zip layout Ray's
 * {@code runtime_env.py_modules} takes from a URI: one top-level directory (Ray removes it when it
 * unpacks) holding the module, so the unpacked folder on the job's {@code PYTHONPATH} has the module at
 * its top. The bytes depend on the files only (sorted entries, a fixed time, no file attributes), so
 * the same module gives the same archive and thus the same content-addressed URI.
 */
final class RayPayloadPacker {
    /** The top-level directory of every archive. */
    static final String TOP = "py_modules/";
    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private RayPayloadPacker() {
    }

    /** The module's name: the directory's or file's name. */
    static String name(Path module) {
        Path f = module.getFileName();
        if (f == null) {
            throw new IllegalArgumentException("pyModules: '" + module + "' names no directory or file");
        }
        return f.toString();
    }

    static byte[] pack(Path module) throws IOException {
        String name = name(module);
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(module)) {
            try (Stream<Path> walk = Files.walk(module)) {
                walk.filter(Files::isRegularFile).forEach(p -> {
                    String rel = module.relativize(p).toString().replace('\\', '/');
                    // byte code is the interpreter's, not the module's
                    if (!rel.endsWith(".pyc") && !rel.contains("__pycache__/")) {
                        entries.add(rel);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            entries.sort(null);
        } else if (Files.isRegularFile(module) && name.endsWith(".py")) {
            entries.add("");
        } else {
            throw new IllegalArgumentException("pyModules: '" + module + "' is neither a directory nor a .py file");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String rel : entries) {
                ZipEntry e = new ZipEntry(TOP + name + (rel.isEmpty() ? "" : "/" + rel));
                e.setTimeLocal(FIXED_TIME);
                zip.putNextEntry(e);
                Files.copy(rel.isEmpty() ? module : module.resolve(rel), zip);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
