package io.deltacat.io.spi.internal;

import io.deltacat.api.error.InvalidRequestException;
import io.deltacat.io.spi.InputFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Local files placed by a client under a staging prefix, opened for the server's checks. A client
 * can put anything in its prefix (a symbolic link to a system file, a hard link to another file, a
 * pipe), so nothing is followed: every name from the prefix down is read without following links,
 * a file must have exactly one link, and once open the file is checked again to be the one checked
 * (same file key, still one link, still no link on the way), so a swap between check and open is
 * caught.
 */
final class StagedLocalFiles {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private StagedLocalFiles() {
    }

    static InputFile open(String prefixUri, String uri) throws IOException {
        Path prefix = LocalStorage.toPath(prefixUri).normalize();
        Path path = LocalStorage.toPath(uri).normalize();
        String name = prefix.relativize(path).toString();
        if (!path.startsWith(prefix) || path.equals(prefix)) {
            throw refused(uri, "is not inside the staging prefix");
        }
        BasicFileAttributes attrs = checkPath(prefix, path, name);
        if (attrs.isDirectory()) {
            checkTree(path, name);
            return LocalStorage.INSTANCE.inputFile(uri);
        }
        checkSingleLink(path, name);
        return new CheckedFile(uri, prefix, path, name, attrs.fileKey());
    }

    /** The attributes of {@code path}, after checking no name from the prefix down to it is a link. */
    private static BasicFileAttributes checkPath(Path prefix, Path path, String name) throws IOException {
        BasicFileAttributes attrs = null;
        Path at = prefix;
        for (int i = prefix.getNameCount(); i <= path.getNameCount(); i++) {
            if (i > prefix.getNameCount()) {
                at = at.resolve(path.getName(i - 1));
            }
            try {
                attrs = Files.readAttributes(at, BasicFileAttributes.class, NO_FOLLOW);
            } catch (NoSuchFileException e) {
                throw refused(name, "does not exist under the staging prefix");
            }
            if (attrs.isSymbolicLink()) {
                throw refused(name, at.equals(path) ? "is a symbolic link" : "lies under a symbolic link");
            }
            if (!at.equals(path) && !attrs.isDirectory()) {
                throw refused(name, "lies under something that is not a directory");
            }
        }
        if (!attrs.isRegularFile() && !attrs.isDirectory()) {
            throw refused(name, "is not a regular file");
        }
        return attrs;
    }

    /** A directory-shaped file (a Lance dataset): only directories and single-link regular files inside. */
    private static void checkTree(Path dir, String name) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String inner = name + "/" + dir.relativize(file);
                if (attrs.isSymbolicLink()) {
                    throw refused(inner, "is a symbolic link");
                }
                if (!attrs.isRegularFile()) {
                    throw refused(inner, "is not a regular file");
                }
                checkSingleLink(file, inner);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void checkSingleLink(Path file, String name) throws IOException {
        Object links;
        try {
            links = Files.getAttribute(file, "unix:nlink", NO_FOLLOW);
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            return; // no hard links to tell apart on this file system
        }
        if (links instanceof Number n && n.intValue() != 1) {
            throw refused(name, "has " + n.intValue() + " hard links; a staged file must have one");
        }
    }

    private static InvalidRequestException refused(String name, String why) {
        return new InvalidRequestException("file '" + name + "' " + why
                + "; only regular files written inside the staging prefix can be committed");
    }

    /** A staged regular file, checked again once open. */
    private record CheckedFile(String uri, Path prefix, Path path, String name, Object fileKey) implements InputFile {
        @Override
        public long length() throws IOException {
            return Files.readAttributes(path, BasicFileAttributes.class, NO_FOLLOW).size();
        }

        @Override
        public SeekableByteChannel open() throws IOException {
            FileChannel channel;
            try {
                // O_NOFOLLOW: a link put in the file's place since the check is not opened
                channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                throw refused(name, "changed while it was being checked");
            }
            try {
                BasicFileAttributes now = checkPath(prefix, path, name);
                checkSingleLink(path, name);
                if (!now.isRegularFile() || !Objects.equals(now.fileKey(), fileKey)) {
                    throw refused(name, "changed while it was being checked");
                }
                return channel;
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }
    }
}
