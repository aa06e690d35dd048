package io.deltacat.io.parquet.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.statistics.BinaryStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveComparator;
import org.apache.parquet.schema.PrimitiveType;

/**
 * A flat string or binary column written the way Parquet-Java's V1 writer does it (a dictionary
 * while it pays, then PLAIN), with a dictionary of its own: Parquet-Java hashes and compares every
 * value byte by byte through {@link Binary} objects in a boxed-key map, and compares every value
 * against the page's min and max, which made the string column the longest part of a write. Here a
 * value is copied once into a scratch array, hashed eight bytes at a time and compared with the
 * JDK's vectorized {@link Arrays#equals(byte[], int, int, byte[], int, int)}; a page's min and max are
 * taken over the distinct entries it used.
 *
 * <p>The pages are Parquet-Java's: the same size checks (see {@link FlatColumnChunk}), the first page
 * judging whether the dictionary pays (ids plus dictionary smaller than the plain values), a switch
 * to PLAIN for the rest of the chunk once the dictionary outgrows the dictionary page size (the page
 * being written re-encoded PLAIN), the ids bit-packed by Parquet-Java's RLE encoder at the
 * dictionary's width, and the dictionary page holding the entries the dictionary pages used.
 */
final class BinaryColumnChunk extends FlatColumnChunk {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Parquet-Java's bound on dictionary ids. */
    private static final int MAX_DICTIONARY_ENTRIES = Integer.MAX_VALUE - 1;

    private final int maxDictionaryBytes;

    // the chunk's dictionary, entries in id order, their bytes one after another in the arena
    private byte[] arena;
    private int arenaSize;
    private int[] entryStart;
    private int[] entryLength;
    private int[] entryHash;
    /** The page number in which an entry was last used, to take a page's min and max over its entries. */
    private int[] entryPage;
    private int entries;
    /** Open addressing over entry ids (id + 1; 0 is empty). */
    private int[] table;
    /** Parquet-Java's count: four bytes of length plus the bytes, per entry. */
    private long dictionaryByteSize;
    /** Entries when the last dictionary-encoded page was written: the dictionary page holds these. */
    private int usedEntries;
    /** A dictionary-encoded page was written, so the chunk needs its dictionary page. */
    private boolean dictionaryUsed;
    private boolean fellBack;
    private boolean firstPage;
    private int pageNumber;

    // the open page: ids while the dictionary is used, PLAIN bytes after the switch
    private int[] ids = new int[1024];
    private int idCount;
    private byte[] plain = new byte[1024];
    private int plainSize;
    /** Parquet-Java's raw size of the page: four bytes of length plus the bytes, per value. */
    private long rawSize;
    private long unencoded;
    private byte[] min;
    private byte[] max;

    private byte[] scratch = new byte[64];

    private BinaryColumnChunk(ColumnDescriptor column, ParquetProperties props) {
        super(column, props);
        this.maxDictionaryBytes = props.getDictionaryPageSizeThreshold();
    }

    /**
     * The bulk writer for a flat string or binary column whose statistics order is unsigned
     * lexicographic and whose dictionary is enabled, or null.
     */
    static BinaryColumnChunk of(FieldVector vector, ColumnDescriptor column, ParquetProperties props) {
        PrimitiveType type = column.getPrimitiveType();
        if (!isFlat(column, props) || !props.isDictionaryEnabled(column)
                || !(vector instanceof VarCharVector || vector instanceof VarBinaryVector)
                || type.getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY
                || (Object) type.comparator() != PrimitiveComparator.UNSIGNED_LEXICOGRAPHICAL_BINARY_COMPARATOR
                || props.getWriterVersion() != ParquetProperties.WriterVersion.PARQUET_1_0) {
            return null;
        }
        return new BinaryColumnChunk(column, props);
    }

    @Override
    void startChunk() {
        arena = new byte[4096];
        arenaSize = 0;
        entryStart = new int[256];
        entryLength = new int[256];
        entryHash = new int[256];
        entryPage = new int[256];
        entries = 0;
        table = new int[512];
        dictionaryByteSize = 0;
        usedEntries = 0;
        dictionaryUsed = false;
        fellBack = false;
        firstPage = true;
    }

    @Override
    void startValues() {
        idCount = 0;
        plainSize = 0;
        rawSize = 0;
        unencoded = 0;
        min = null;
        max = null;
        pageNumber++;
    }

    @Override
    long valuesBufferedSize() {
        return rawSize;
    }

    @Override
    long unencodedBytes() {
        return unencoded;
    }

    @Override
    void append(FieldVector vector, long validity, int from, int n) {
        long offsets = vector.getOffsetBuffer().memoryAddress();
        long data = vector.getDataBuffer().memoryAddress();
        for (int i = from; i < from + n; i++) {
            boolean present = isValid(validity, i);
            if (present) {
                int start = MemoryUtil.getInt(offsets + (long) i * 4);
                int length = MemoryUtil.getInt(offsets + (long) (i + 1) * 4) - start;
                if (scratch.length < length + 8) {
                    scratch = new byte[Math.max(scratch.length * 2, length + 8)];
                }
                MemoryUtil.copyFromMemory(data + start, scratch, 0, length);
                add(scratch, length);
            }
            level(present);
        }
    }

    private void add(byte[] value, int length) {
        rawSize += length + 4;
        unencoded += length;
        if (fellBack) {
            appendPlain(value, 0, length);
            bound(value, 0, length);
            return;
        }
        int id = idOf(value, length);
        if (idCount == ids.length) {
            ids = Arrays.copyOf(ids, ids.length * 2);
        }
        ids[idCount++] = id;
        if (entryPage[id] != pageNumber) {
            entryPage[id] = pageNumber;
            bound(arena, entryStart[id], entryLength[id]);
        }
        if (dictionaryByteSize > maxDictionaryBytes || entries > MAX_DICTIONARY_ENTRIES) {
            fallBack();
        }
    }

    /** The id of a value, added to the dictionary if new. */
    private int idOf(byte[] value, int length) {
        int hash = hash(value, length);
        int mask = table.length - 1;
        int slot = hash & mask;
        for (int t; (t = table[slot]) != 0; slot = (slot + 1) & mask) {
            int id = t - 1;
            if (entryHash[id] == hash && entryLength[id] == length
                    && Arrays.equals(value, 0, length, arena, entryStart[id], entryStart[id] + length)) {
                return id;
            }
        }
        int id = entries++;
        if (id == entryStart.length) {
            int size = id * 2;
            entryStart = Arrays.copyOf(entryStart, size);
            entryLength = Arrays.copyOf(entryLength, size);
            entryHash = Arrays.copyOf(entryHash, size);
            entryPage = Arrays.copyOf(entryPage, size);
        }
        if (arena.length - arenaSize < length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaSize + length));
        }
        System.arraycopy(value, 0, arena, arenaSize, length);
        entryStart[id] = arenaSize;
        entryLength[id] = length;
        entryHash[id] = hash;
        entryPage[id] = 0;
        arenaSize += length;
        dictionaryByteSize += 4L + length;
        table[slot] = id + 1;
        if (entries * 2 > table.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        int[] bigger = new int[table.length * 2];
        int mask = bigger.length - 1;
        for (int id = 0; id < entries; id++) {
            int slot = entryHash[id] & mask;
            while (bigger[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = id + 1;
        }
        table = bigger;
    }

    /** A hash of the bytes, eight at a time ({@code value} has at least seven bytes to spare after them). */
    private static int hash(byte[] value, int length) {
        long h = length * 0x9E3779B97F4A7C15L;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            h = (h ^ (long) LONGS.get(value, i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 29;
        }
        if (i < length) {
            long tail = (long) LONGS.get(value, i) & (-1L >>> (64 - 8 * (length - i)));
            h = (h ^ tail) * 0xBF58476D1CE4E5B9L;
        }
        h = (h ^ (h >>> 32)) * 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 29));
    }

    /** Parquet-Java's fallback: this page (so far) and the rest of the chunk are written PLAIN. */
    private void fallBack() {
        fellBack = true;
        for (int k = 0; k < idCount; k++) {
            int id = ids[k];
            appendPlain(arena, entryStart[id], entryLength[id]);
        }
        idCount = 0;
    }

    private void appendPlain(byte[] bytes, int offset, int length) {
        if (plain.length - plainSize < length + 4) {
            plain = Arrays.copyOf(plain, Math.max(plain.length * 2, plainSize + length + 4));
        }
        writeLength(plain, plainSize, length);
        System.arraycopy(bytes, offset, plain, plainSize + 4, length);
        plainSize += 4 + length;
    }

    private void bound(byte[] bytes, int offset, int length) {
        if (min == null) {
            min = Arrays.copyOfRange(bytes, offset, offset + length);
            max = min;
            return;
        }
        if (Arrays.compareUnsigned(min, 0, min.length, bytes, offset, offset + length) > 0) {
            min = Arrays.copyOfRange(bytes, offset, offset + length);
        } else if (Arrays.compareUnsigned(max, 0, max.length, bytes, offset, offset + length) < 0) {
            max = Arrays.copyOfRange(bytes, offset, offset + length);
        }
    }

    @Override
    BytesInput pageValues() throws IOException {
        try {
            if (!fellBack) {
                BytesInput encoded = dictionaryIds();
                // Parquet-Java's first-page test: keep the dictionary only if ids plus dictionary are
                // smaller than the plain values
                if (!firstPage || encoded.size() + dictionaryByteSize < rawSize) {
                    dictionaryUsed = true;
                    return encoded;
                }
                fallBack();
            }
            return BytesInput.from(plain, 0, plainSize);
        } finally {
            firstPage = false;
        }
    }

    /** The page's ids, bit-packed at the width of the dictionary's largest id after a byte giving it. */
    private BytesInput dictionaryIds() throws IOException {
        int bitWidth = BytesUtils.getWidthFromMaxInt(entries - 1);
        try (RunLengthBitPackingHybridEncoder encoder = new RunLengthBitPackingHybridEncoder(bitWidth,
                64, maxDictionaryBytes, props.getAllocator())) {
            for (int k = 0; k < idCount; k++) {
                encoder.writeInt(ids[k]);
            }
            usedEntries = entries;
            // a copy: the encoder's buffers are released when it closes
            return BytesInput.from(BytesInput.concat(BytesInput.from(new byte[] {(byte) bitWidth}),
                    encoder.toBytes()).toByteArray());
        }
    }

    @Override
    Encoding pageEncoding() {
        return fellBack ? Encoding.PLAIN : Encoding.PLAIN_DICTIONARY;
    }

    @Override
    void setMinMax(Statistics<?> statistics) {
        if (statistics instanceof BinaryStatistics) {
            ((BinaryStatistics) statistics).setMinMax(Binary.fromConstantByteArray(min), Binary.fromConstantByteArray(max));
        }
    }

    /** The dictionary page, when dictionary-encoded pages were written: the entries they used, PLAIN. */
    @Override
    void finishChunk() throws IOException {
        if (!dictionaryUsed || usedEntries == 0) {
            return;
        }
        int size = 0;
        for (int id = 0; id < usedEntries; id++) {
            size += 4 + entryLength[id];
        }
        byte[] page = new byte[size];
        int at = 0;
        for (int id = 0; id < usedEntries; id++) {
            int length = entryLength[id];
            writeLength(page, at, length);
            System.arraycopy(arena, entryStart[id], page, at + 4, length);
            at += 4 + length;
        }
        pages.writeDictionaryPage(new DictionaryPage(BytesInput.from(page), usedEntries, Encoding.PLAIN_DICTIONARY));
    }

    private static void writeLength(byte[] out, int at, int length) {
        out[at] = (byte) length;
        out[at + 1] = (byte) (length >>> 8);
        out[at + 2] = (byte) (length >>> 16);
        out[at + 3] = (byte) (length >>> 24);
    }
}
