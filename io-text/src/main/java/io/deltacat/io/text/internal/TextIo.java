package io.deltacat.io.text.internal;

import io.deltacat.io.spi.InputFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;

/** Opening input files as byte streams, with a UTF-8 byte order mark skipped. */
final class TextIo {
    private TextIo() {
    }

    static InputStream open(InputFile file) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(file.open()), 1 << 16);
        in.mark(3);
        byte[] bom = new byte[3];
        int n = in.readNBytes(bom, 0, 3);
        if (n != 3 || (bom[0] & 0xff) != 0xEF || (bom[1] & 0xff) != 0xBB || (bom[2] & 0xff) != 0xBF) {
            in.reset();
        }
        return in;
    }
}
