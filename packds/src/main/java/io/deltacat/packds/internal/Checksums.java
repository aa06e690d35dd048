package io.deltacat.packds.internal;

import io.deltacat.api.error.StorageException;
import io.deltacat.io.spi.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** SHA-256 of a shard: a file's bytes, or a dataset directory's files in name order (each relative name, then bytes). */
final class Checksums {
    private Checksums() {
    }

    static String sha256(Storage storage, String uri) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            String dir = uri.endsWith("/") ? uri : uri + "/";
            List<String> files = storage.exists(uri) && !storage.list(dir).isEmpty() ? storage.list(dir) : List.of();
            if (files.isEmpty()) {
                digest(storage, uri, md);
            } else {
                String name = dir.substring(dir.lastIndexOf('/', dir.length() - 2));
                for (String f : files) {
                    md.update(f.substring(f.indexOf(name) + name.length()).getBytes(StandardCharsets.UTF_8));
                    digest(storage, f, md);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new StorageException("checksum of shard " + uri + " failed: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(Storage storage, String uri, MessageDigest md) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        try (SeekableByteChannel ch = storage.inputFile(uri).open()) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
    }
}
